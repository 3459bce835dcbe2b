"""Template wording of the policy's decisions: the interviewer with no LLM, and the LLM's fallback.

Deterministic: the variant is the one used least so far this session (ties by order), so a line
is not said twice in a row and a canned sentence does not come back turn after turn. Templates see
only what the decision carries (a hint at its own level, never a higher one).
"""

from __future__ import annotations

import re

from intervu_cli.core.vocab import Act, Phase
from intervu_cli.engine.policy import Decision
from intervu_cli.engine.state import SessionState

# How a concept is said back to the candidate ("Okay, a hash map.").
CONCEPT_WORDS = {
    "hash_map": "a hash map", "hash_set": "a set", "counting": "counting", "sorting": "sorting first",
    "two_pointers": "two pointers", "fast_slow": "a fast and a slow pointer", "sliding_window": "a sliding window",
    "binary_search": "binary search", "stack": "a stack", "monotonic_stack": "a monotonic stack", "queue": "a queue",
    "heap": "a heap", "bfs": "breadth-first search", "dfs": "depth-first search", "recursion": "recursion",
    "dp": "dynamic programming", "greedy": "a greedy choice", "prefix_sums": "running sums",
    "union_find": "union-find", "topological_sort": "a topological order", "backtracking": "backtracking",
    "trie": "a trie", "pointer_rewiring": "relinking the nodes", "bit_tricks": "bit tricks",
    "divide_conquer": "divide and conquer", "graph_model": "a graph", "simulation": "simulating it",
    "math": "a formula", "voting": "a voting count", "quickselect": "quickselect", "inorder": "an in-order walk",
    "linked_hash": "a linked hash map", "brute_force": "brute force", "one_pass": "a single pass",
}

EDGE_WORDS = {
    "empty": "an empty input", "single": "a single element", "duplicates": "duplicates", "negatives": "negatives",
    "zeros": "zeros", "overflow": "very large values", "all_same": "all-equal values", "sorted_input": "sorted input",
    "no_answer": "the no-answer case", "bounds": "the boundaries", "cycle": "cycles", "unbalanced": "a skewed shape",
    "whitespace": "spaces and punctuation", "case": "letter case", "capacity": "a tiny capacity",
}

# The phase as a candidate would name where they are.
_BACK_TO = {
    Phase.INTRO: "So, any questions about the problem, or shall we talk about your approach?",
    Phase.CLARIFY: "So, any questions about the problem, or shall we talk about your approach?",
    Phase.APPROACH: "Back to the problem: how would you approach it?",
    Phase.CODE: "Let's get back to your code.",
    Phase.VERIFY: "Back to checking your code: what would you test?",
    Phase.COMPLEXITY: "Back to the complexity of your solution.",
    Phase.WRAP_UP: "Let's get back to the question.",
}

TEMPLATES: dict[str, tuple[str, ...]] = {
    Act.GREET: (
        "Hi, thanks for joining. We have about {minutes} minutes for one problem: {title}. "
        "Take a moment to read it, ask me anything that's unclear, and then talk me through "
        "your approach before you start coding.",
    ),
    Act.WELCOME_BACK: (
        "Welcome back. We were in the {phase} part of the interview, with about {minutes_left} "
        "left. Your code is as you left it; carry on when you're ready.",
    ),
    Act.ANSWER_QUESTION: ("{again}{answer}", "{again}{answer}", "{again}{answer}"),
    Act.YOUR_CALL: (
        "The problem doesn't pin that down, so it's your call. Tell me what you'll assume and go with it.",
        "That's up to you. Pick a reasonable assumption and say it out loud.",
        "Nothing in the problem settles that one. Decide how you'd like to treat it and tell me.",
        "I'll leave that to you: state your assumption and we'll go from there.",
    ),
    Act.ACK_ASSUMPTION: (
        "That's a reasonable assumption; go with it.",
        "Okay, noted. Keep that assumption in mind as you go.",
        "Fair enough, assume that.",
    ),
    Act.ASK_APPROACH: (
        "Okay. How would you approach it? Talk me through the idea before you write any code.",
        "Before coding, tell me the approach you have in mind, in a sentence or two.",
        "When you're ready, walk me through how you'd solve it.",
    ),
    Act.PROBE_APPROACH: (
        "{concept_lead}Can you be more concrete? What exactly would you store, and what happens at each step?",
        "{concept_lead}Let's pin it down: walk me through what your algorithm does, step by step.",
        "{concept_lead}How would that work in practice? Take me through one pass over the input.",
    ),
    Act.PUSH_OPTIMAL: (
        "{works}Can we do better than that? Think about what you're recomputing.",
        "{works}Is there a way to avoid that extra work?",
    ),
    Act.ASK_APPROACH_COMPLEXITY: (
        "{lead}What would the time and space complexity be?",
        "{lead}Before you code it, what does it cost in time and space?",
    ),
    Act.GO_CODE: (
        "{lead}Go ahead and code it up, and talk me through it as you go.",
        "{lead}Let's see it in code. Keep talking while you write.",
        "{lead}Go ahead and write it, and tell me what each part does.",
    ),
    Act.NOTE_CODING: (
        "I see you've started coding. Tell me the approach as you go, so I can follow your thinking.",
    ),
    Act.ACK: (
        "Mm-hm, go on.",
        "Okay, keep going.",
        "Sure. Keep talking me through it.",
        "Got it.",
        "Right, carry on.",
    ),
    Act.ACK_THINKING: (
        "Take your time; thinking out loud is good.",
        "Okay. Keep going, I'm following.",
        "Sure, take a moment.",
        "Mm-hm. What are you weighing?",
    ),
    Act.ACK_TRACE: (
        "Thanks for walking through that example; that helps me follow.",
        "Good, tracing it by hand like that is useful.",
        "Okay, I follow the example.",
    ),
    Act.ACK_EDGES: (
        "Good, {edges} {are} worth having in mind.",
        "Okay, {edges}: good to keep those in view.",
    ),
    Act.REPORT_RUN: (
        "Your code {summary}.",
        "That run {summary}.",
    ),
    Act.REPORT_RUN_WITH_HINT: (
        "Your code {summary}. Here's something to consider: {hint_text}",
        "That run {summary}. One thing that might help: {hint_text}",
    ),
    Act.TESTS_PASS_PROBE_EDGES: (
        "Your code {summary}. Before we call it done: which edge cases might the tests not cover?",
        "That run {summary}. Which edge cases would you still want to check?",
    ),
    Act.TESTS_PASS_ASK_COMPLEXITY: (
        "Your code {summary}. What are the time and space complexity of your solution?",
        "That run {summary}. What does your solution cost in time and space?",
    ),
    Act.GIVE_HINT: ("{rung}: {hint_text}",),
    Act.DECLINE_SOLUTION: (
        "I won't hand you the answer; the point is to see how you get there. But here's a nudge: {hint_text}",
        "I can't give you the solution, but I can help you move. A hint: {hint_text}",
    ),
    Act.HOLD_HINT: (
        "{refuse}Let's stay with the last hint a little longer. What are you thinking so far?",
        "{refuse}Tell me where you are: what have you tried, and where does it break down?",
        "{refuse}Talk me through your current idea, even if it's incomplete, and we'll go from there.",
    ),
    Act.CHECK_IN: (
        "What are you thinking right now? Talk me through where you are.",
        "Let's hear your current thinking, even if it's half-formed. Where are you stuck?",
        "Tell me what you've considered so far, and what's in the way.",
    ),
    Act.REPEAT_REVEAL: (
        "We've been through the key idea already. Which part of it is unclear to you?",
        "You have the whole approach now. Try writing the first few lines, and tell me where it stops making sense.",
    ),
    Act.PUSH_VERIFY: (
        "Before we call it done, walk me through your code with a concrete example. What happens, step by step?",
        "Before you hand it over, take a small example and trace it through your code.",
    ),
    Act.PUSH_TRACE: ("{push}", "{push}", "{push}"),
    Act.ASK_RUN: (
        "Good. Now run the tests and let's see.",
        "Okay. Let's run the tests and see what they say.",
    ),
    Act.ACK_FIX: (
        "Not yet: the last run still had failures. Let's get those fixed first.",
        "Before we call it done: your code still fails some tests. Take a look at what the last run said.",
    ),
    Act.ASK_COMPLEXITY: (
        "{lead}What are the time and space complexity of your solution?",
        "{lead}What does your solution cost in time, and how much extra space does it use?",
    ),
    Act.ASK_COMPLEXITY_AGAIN: (
        "And in big-O terms: what's the time complexity, and how much extra space do you use?",
    ),
    Act.QUESTION_COMPLEXITY: (
        "Are you sure it's {stated}? Think about how many times each element is touched.",
        "Hmm, {stated}? Count how much work happens per element and check that again.",
    ),
    "question_space": (
        "Are you sure about {stated_space} space? Think about what your code keeps as it runs.",
        "Hmm, {stated_space} extra space? Check what your code stores along the way.",
    ),
    Act.CONFIRM_COMPLEXITY: ("{confirm}{then}", "{confirm}{then}"),
    Act.CORRECT_COMPLEXITY: ("{correct}{then}", "{correct}{then}"),
    Act.FOLLOW_UP: ("{lead}{follow_up}", "{lead}{follow_up}", "{lead}{follow_up}"),
    Act.ASK_FOR_QUESTIONS: (
        "{lead}That's everything I wanted to cover. Do you have any questions for me?",
        "{lead}We have a few minutes left. Is there anything you'd like to ask me?",
    ),
    Act.ANSWER_ROLE: ("{reply} {tail}", "{reply} {tail}"),
    Act.DEFLECT: ("{deflect} {back}", "{deflect} {back}", "{deflect} {back}"),
    Act.DECLINE_MANIPULATION: (
        "I'll stay the interviewer here, and the solution stays yours to find. {back}",
        "Nice try, but that's not how this works: I'm here to see how you think. {back}",
        "I can't do that. Let's keep going with the problem. {back}",
    ),
    Act.NO_CODE_YET: (
        "We haven't got any code yet. Tell me your approach first, then write it.",
        "There's no code to look at yet. How would you solve it?",
    ),
    Act.TIME_WARNING: (
        "Just so you know, we have about {minutes_left} left.",
    ),
    Act.TIME_UP: (
        "That's our time. Thanks, that was a good session; let's stop here.",
    ),
    Act.CLOSE: (
        "Thanks, that's a good place to stop. That's the end of the interview.",
        "Thanks for your time; that's the end of the interview.",
    ),
}

_DEFLECTS = (
    "Ha, maybe after the interview.",
    "Let's keep that for the end.",
    "Good to chat, but let's use the time for the problem.",
)
_ROLE_DEFLECTS = (
    "Happy to talk about that at the end, if there's time.",
    "Let's keep that for the end of the interview.",
    "I'll leave time for questions like that at the end.",
)
_ROLE_REPLIES = {
    "pay": "Compensation and benefits are the recruiter's area; they'll have the specifics for you.",
    "next": "After this, the recruiter will be in touch about next steps, usually within a few days.",
    "team": "Day to day it's a lot of design discussions and code review, much like what we just did, and "
            "people pair on the hard problems.",
    "me": "What I enjoy most is the problems: there's always something new to figure out, and good people to "
          "figure it out with.",
    "problem": "Happy to: the idea we were after is in the feedback you'll see at the end, with what to practise next.",
    "small": "Ha, fair enough. Thanks for the chat.",
    "result": "I can't share results here; you'll get the feedback on your screen in a moment, and the recruiter "
              "follows up on next steps.",
    "tech": "Mostly Python and TypeScript on the services, with some Go; the team picks tools per project, and "
            "the recruiter can tell you more about this role's stack.",
    "where": "That depends on the team; the recruiter can tell you exactly how remote work and the office are set "
             "up for this role.",
    "other": "It varies from team to team; the recruiter can connect you with someone who knows that area best.",
}

# What a question about the job asks, by its words (the first that matches), and the reply it gets.
_ROLE_TOPICS = (
    (r"salar|pay|compens|bonus|equity|benefit|vacation|pto|stock", "pay"),
    (r"did i (pass|do|get)|how did i|am i (hired|through|in)|my (result|score)|results?\b|feedback", "result"),
    (r"language|stack|framework|tools?\b|technolog|tech\b", "tech"),
    (r"remote|office|hybrid|location|relocat|on ?site|in person|where (is|are) (the|you)", "where"),
    (r"next step|hear back|next round|process|timeline|when will", "next"),
    (r"\byou\b.*\b(like|enjoy|love|favou?rite)\b|how long have you|your (role|job|day|work)", "me"),
    (r"team|culture|day to day|typical day|work on|project|product", "team"),
)


def _role_reply(text: str, small_talk: bool, problem: bool) -> str:
    if small_talk:
        return _ROLE_REPLIES["small"]
    t = text.lower()
    key = next((k for pattern, k in _ROLE_TOPICS if re.search(pattern, t)), "problem" if problem else "other")
    return _ROLE_REPLIES[key]


def _pick(state: SessionState, act: str, variants: tuple[str, ...], key: int | None = None) -> str:
    """The variant used least this session, never the line just said (ties by order)."""
    if key is not None:
        return variants[key % len(variants)]
    said = [turn.text for turn in state.conversation if turn.role == "interviewer"]
    last = said[-1] if said else ""

    def uses(v: str) -> int:
        stem = v.split("{")[0].strip()
        return sum(1 for s in said if stem and stem in s) if stem else state.acts[act]

    start = state.acts[act] % len(variants)
    order = variants[start:] + variants[:start]
    ranked = sorted(order, key=uses)
    for v in ranked:
        stem = v.split("{")[0].strip()
        if not stem or stem not in last:
            return v
    return ranked[0]


def _last_candidate_talked(state: SessionState) -> bool:
    """Did the candidate just say something of substance (so "what are you thinking?" would re-ask)?"""
    last = next((i for i in range(len(state.conversation) - 1, -1, -1)
                 if state.conversation[i].role == "candidate"), None)
    return last is not None and state.ledger.last_talk_turn == last and len(state.conversation[last].text.split()) >= 8


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _concepts(names: list[str]) -> str:
    words = [CONCEPT_WORDS.get(n, n.replace("_", " ")) for n in names if n in CONCEPT_WORDS][:2]
    return " and ".join(words)


def word(decision: Decision, state: SessionState) -> str:
    """The template wording of a decision."""
    assert decision.act is not None
    act = decision.act
    facts: dict = {"phase": state.phase, **decision.facts}
    variants = TEMPLATES[act]
    if isinstance(facts.get("minutes_left"), int):
        n = facts["minutes_left"]
        facts["minutes_left"] = f"{n} minute{'' if n == 1 else 's'}"
    if "summary" in facts and facts["summary"].startswith("does not run"):
        facts["summary"] = facts["summary"].replace("does not run", "doesn't run", 1)
    key = None

    if act == Act.ANSWER_QUESTION:
        facts["answer"] = _sentence(facts.get("answer") or "")
        facts["again"] = "As I said, " if facts.get("again") else ""
        if facts["again"]:
            facts["answer"] = facts["answer"][0].lower() + facts["answer"][1:]
    elif act == Act.YOUR_CALL and facts.get("choice"):
        variants = ("Either works; it's your call. Pick one and tell me why.",
                    "Both are fine. Choose the one you prefer and tell me what it costs.")
    elif act == Act.ACK_ASSUMPTION and facts.get("answer"):
        variants = ("Okay. To be precise: {answer}", "Noted. For the record: {answer}")
        facts["answer"] = _sentence(facts["answer"])
    elif act == Act.PROBE_APPROACH:
        said = _concepts(facts.get("concepts") or [])
        facts["concept_lead"] = f"{said[0].upper() + said[1:]} could be part of it. " if said else ""
    elif act == Act.PUSH_OPTIMAL:
        cost = facts.get("time") or ""
        if facts.get("confirmed_code"):
            facts["works"] = f"Right, your code runs in {cost}. But the problem allows better. "
        elif facts.get("brute"):
            facts["works"] = f"That would work, at {cost}. " if cost else "That would work, but it's brute force. "
        else:
            facts["works"] = f"That works, at {cost}. " if cost else "That would work. "
    elif act in (Act.ASK_APPROACH_COMPLEXITY, Act.GO_CODE):
        said = _concepts(facts.get("concepts") or [])
        if act == Act.GO_CODE and facts.get("confirmed") and facts.get("stated"):
            lead = f"Good, {facts['stated']}" + (f" time and {facts['stated_space']} space" if facts.get(
                "stated_space") and facts.get("space_ok") is not False else "") + " sounds right. "
        elif act == Act.GO_CODE and facts.get("recode"):
            lead = f"That's better{', with ' + said if said else ''}. "
            variants = ("{lead}Go ahead and change your code to do that, and tell me what it costs.",
                        "{lead}Let's see it: update your code, and talk me through the change.")
        elif act == Act.GO_CODE and facts.get("slower"):
            lead = "Okay, let's go with that, and we can come back to making it faster. "
        elif act == Act.GO_CODE and facts.get("vague"):
            lead = "Alright, let's see it in code; that will make it concrete. "
        elif facts.get("optimal") or (act == Act.GO_CODE and said):
            lead = f"Okay, {said}. That sounds like a good plan. " if said else "That sounds like a good plan. "
        elif said:
            lead = f"Okay, {said}. "
        else:
            lead = "Okay. "
        facts["lead"] = lead
    elif act == Act.ACK:
        said = _concepts(facts.get("concepts") or [])
        if facts.get("complexity"):
            variants = ("Right, {complexity}. Keep going.", "Yes, {complexity}. Carry on.")
        elif said and facts.get("narration"):
            facts["said"] = said
            variants = ("Okay, {said}. Go on.", "Mm-hm, {said}. Keep going.", "Right, with {said}. Carry on.",
                        *variants)
    elif act == Act.ACK_EDGES:
        edges = [EDGE_WORDS.get(e, e) for e in facts.get("edges") or [] if e != "named"]
        if not edges:
            variants = ("Good, those edge cases are worth having in mind.", "Okay, good to keep those in view.")
        facts["edges"] = ", ".join(edges[:-1]) + (" and " if len(edges) > 1 else "") + (edges[-1] if edges else "")
        facts["are"] = "are" if len(edges) != 1 or edges[0].endswith("s") else "is"
    elif act == Act.GIVE_HINT:
        level = str(facts.get("level"))
        facts["rung"] = {"nudge": "Here's a small nudge", "hint": "Here's a hint",
                         "reveal": "Let me tell you the key idea"}.get(level, "Here's a hint")
    elif act == Act.ACK_THINKING and facts.get("stuck_on"):
        variants = ("That's the right problem to solve. What would you need to remember to get around it?",
                    "Good, you've found the crux. What information would let you avoid that?")
    elif act == Act.CHECK_IN and facts.get("passing"):
        variants = ("Your code passes the tests already. What are you unsure about?",
                    "The tests pass. Tell me what you'd still like to check, and we'll look at it.")
    elif act == Act.HOLD_HINT:
        facts["refuse"] = "I won't give you the answer, but I'll help you get there. " if facts.get("demanded") else ""
        if _last_candidate_talked(state):
            variants = ("{refuse}Let's stay with the last hint a little longer: try it on the first example.",
                        "{refuse}Give the last hint a little more time; see where it takes you on a small input.")
    elif act == Act.PUSH_TRACE:
        want = facts.get("want")
        if want == "edges":
            pre = "Good. " if facts.get("traced") else ""
            facts["push"] = pre + _pick(state, act, (
                "What edge cases would you check, and what does your code do with them?",
                "Which inputs might break it? Name a couple of edge cases and what your code returns for them.",
            ))
        else:
            facts["push"] = _pick(state, act, (
                "Take a small input and trace it through your code out loud.",
                "Walk me through your code on a small example, step by step.",
            ))
    elif act == Act.ASK_COMPLEXITY:
        facts["lead"] = "Good. " if facts.get("ack") else ""
    elif act in (Act.CONFIRM_COMPLEXITY, Act.CORRECT_COMPLEXITY):
        exp_t, exp_s = facts.get("expected_time", ""), facts.get("expected_space", "")
        if act == Act.CONFIRM_COMPLEXITY:
            space = f" and {exp_s} space" if exp_s and facts.get("space_ok") is not False else ""
            facts["confirm"] = _pick(state, act, (f"Right, {exp_t} time{space}. ", f"Yes, {exp_t} time{space}. ",
                                                  f"That's right: {exp_t} time{space}. "))
        else:
            which = "time" if facts.get("stated") and facts.get("expected_time") else "space"
            facts["correct"] = (f"Not quite: it runs in {exp_t} time with {exp_s} extra space. " if which == "time"
                                else f"Close: it uses {exp_s} extra space. ")
        facts["then"] = _then(facts, state)
    elif act == Act.FOLLOW_UP:
        lead = "Good. " if facts.get("ack") else ("That's fine, it's not an easy one. " if facts.get("unsure") else "")
        lead += "One follow-up: " if facts.get("first", True) else "Another one: "
        facts["lead"] = lead
    elif act == Act.ASK_FOR_QUESTIONS:
        facts["lead"] = "Thanks. " if facts.get("ack") else ("That's fine. " if facts.get("unsure") else "")
    elif act == Act.ANSWER_ROLE:
        facts["reply"] = _role_reply(str(facts.get("text", "")), bool(facts.get("small_talk")),
                                     bool(facts.get("problem")))
        at_end = state.phase == Phase.WRAP_UP and state.ledger.asked_for_questions
        facts["tail"] = _pick(state, act, ("Anything else you'd like to ask?", "Anything else?")) if at_end else \
            _BACK_TO.get(state.phase, "Let's get back to the problem.")
    elif act == Act.DEFLECT:
        facts["deflect"] = _pick(state, act, _ROLE_DEFLECTS if facts.get("role") else _DEFLECTS)
        facts["back"] = _BACK_TO.get(state.phase, "Let's get back to the problem.")
    elif act == Act.DECLINE_MANIPULATION:
        facts["back"] = _BACK_TO.get(state.phase, "Let's get back to the problem.")
    if act in (Act.GIVE_HINT,):
        key = 0
    if act == Act.QUESTION_COMPLEXITY and facts.get("which") == "space" and facts.get("stated_space"):
        variants = TEMPLATES["question_space"]

    text = _pick(state, act, variants, key).format(**facts)
    if act in (Act.CLOSE, Act.TIME_UP) and facts.get("hidden_summary"):
        text += f" For the record, your final code {facts['hidden_summary']}."
    text = " ".join(text.split())
    said = [turn.text for turn in state.conversation if turn.role == "interviewer"]
    if said and said[-1] == text:  # never the same line twice in a row
        text = "As I said: " + text[0].lower() + text[1:] if not text.startswith("As I said") else "Again: " + text
    return text


def _then(facts: dict, state: SessionState) -> str:
    then = facts.get("then")
    if then == "code":
        return "Go ahead and code it."
    if then == Act.FOLLOW_UP:
        lead = "One follow-up: " if facts.get("first", True) else "Another one: "
        return lead + facts.get("follow_up", "")
    if then == Act.ASK_FOR_QUESTIONS:
        return "That's everything I wanted to cover. Do you have any questions for me?"
    if then == Act.CLOSE:
        return "Thanks, that's the end of the interview."
    return ""


def instruction(decision: Decision) -> str:
    """What the decision asks of the interviewer, for an LLM to word in its own way."""
    return INSTRUCTIONS.get(decision.act or "", "Respond briefly.")


INSTRUCTIONS = {
    Act.GREET: "Greet the candidate, name the problem, and ask them to read it, ask clarifying questions, "
               "then explain their approach before coding.",
    Act.WELCOME_BACK: "Welcome the candidate back to the interview they paused, "
                      "say where you were and how much time is left.",
    Act.ANSWER_QUESTION: "Answer the candidate's clarifying question briefly and precisely, with the answer given "
                         "below (it is true to the tests).",
    Act.YOUR_CALL: "The candidate asked something the problem does not settle. Answer from the statement, examples "
                   "and constraints if they do settle it; otherwise say plainly that it is their call and ask them "
                   "to state the assumption they will make.",
    Act.ACK_ASSUMPTION: "The candidate stated an assumption. Accept it briefly (correct it if the facts below "
                        "contradict it).",
    Act.ASK_APPROACH: "Ask the candidate to explain their approach before coding.",
    Act.PROBE_APPROACH: "The candidate's approach is still vague. "
                        "Ask them to be concrete about the data structure and the steps.",
    Act.PUSH_OPTIMAL: "The candidate's approach works but is slower than necessary. "
                      "Acknowledge it and ask whether they can do better, without saying how.",
    Act.ASK_APPROACH_COMPLEXITY: "Acknowledge the approach in a few words and ask for its time and space "
                                 "complexity before they code.",
    Act.GO_CODE: "Approve the approach and ask them to code it, talking as they go.",
    Act.NOTE_CODING: "The candidate started coding without explaining an approach. Ask them to explain as they go.",
    Act.ACK: "Acknowledge briefly what the candidate said (refer to it) and let them continue. "
             "Do not solve anything for them.",
    Act.ACK_THINKING: "The candidate is thinking aloud. Encourage them briefly; do not give any idea away.",
    Act.ACK_TRACE: "The candidate traced an example. Acknowledge it briefly.",
    Act.ACK_EDGES: "The candidate named edge cases. Acknowledge them briefly.",
    Act.REPORT_RUN: "Tell the candidate the test results given below, plainly. Do not tell them how to fix failures.",
    Act.REPORT_RUN_WITH_HINT: "Tell the candidate the test results, then give exactly the hint below, "
                              "in your own words.",
    Act.TESTS_PASS_PROBE_EDGES: "Tell them the tests pass, then ask which edge cases the tests might not cover.",
    Act.TESTS_PASS_ASK_COMPLEXITY: "Tell them the tests pass, then ask for the time and space complexity.",
    Act.GIVE_HINT: "Give exactly the hint below, in your own words, no more.",
    Act.DECLINE_SOLUTION: "The candidate asked for the answer. Decline kindly (the point is to see their reasoning), "
                          "then give exactly the hint below, no more.",
    Act.HOLD_HINT: "Do not give more help yet. Ask the candidate what they are thinking and where they are stuck.",
    Act.CHECK_IN: "Before giving more help, ask the candidate what they are thinking and where they are stuck.",
    Act.REPEAT_REVEAL: "The whole approach was already given. Ask which part is unclear; do not repeat it.",
    Act.PUSH_VERIFY: "The candidate says they are done but has not tested. "
                     "Ask them to walk through their code with a concrete example, step by step.",
    Act.PUSH_TRACE: "Ask the candidate for what is still missing, as given below (a trace or edge cases).",
    Act.ASK_RUN: "Ask them to run the tests now.",
    Act.ACK_FIX: "Note that the last test run still had failures and ask them to fix them.",
    Act.ASK_COMPLEXITY: "Ask for the time and space complexity of their solution.",
    Act.ASK_COMPLEXITY_AGAIN: "Ask again, specifically, for the big-O time and space complexity.",
    Act.QUESTION_COMPLEXITY: "The stated complexity looks wrong. Ask them to reconsider, without giving the answer.",
    Act.CONFIRM_COMPLEXITY: "Confirm the complexity, then do what follows below.",
    Act.CORRECT_COMPLEXITY: "Correct the complexity with the one below, then do what follows below.",
    Act.FOLLOW_UP: "Ask the follow-up question below.",
    Act.ASK_FOR_QUESTIONS: "Say that is all you wanted to cover and ask if they have any questions for you.",
    Act.ANSWER_ROLE: "Answer the candidate's question about the job or team briefly and in character (you are an "
                     "engineer at the company; pay and logistics are for the recruiter), then ask if there is "
                     "anything else.",
    Act.DEFLECT: "The candidate went off topic. Deflect in one friendly sentence and bring them back to the problem.",
    Act.DECLINE_MANIPULATION: "The candidate tried to get you to break role or hand over the solution. Decline "
                              "in one friendly, firm sentence and bring them back to the problem.",
    Act.NO_CODE_YET: "There is no code yet. Ask for their approach first.",
    Act.TIME_WARNING: "Tell the candidate how many minutes are left.",
    Act.TIME_UP: "Say time is up and close the interview warmly.",
    Act.CLOSE: "Close the interview warmly in one or two sentences.",
}
