"""Template wording of the policy's decisions: the interviewer with no LLM, and the LLM's fallback.

Deterministic: the variant used is picked by how many times the act has been said already.
Templates see only what the decision carries (a hint at its own level, never a higher one).
"""

from __future__ import annotations

from intervu_cli.core.vocab import Act
from intervu_cli.engine.policy import Decision
from intervu_cli.engine.state import SessionState

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
    Act.ANSWER_QUESTION: (
        "Good question. {answer}",
        "Fair to ask. {answer}",
    ),
    Act.ASK_APPROACH: (
        "Okay. How would you approach it? Talk me through the idea before you write any code.",
        "Before coding, tell me the approach you have in mind, in a sentence or two.",
    ),
    Act.PROBE_APPROACH: (
        "Can you be more concrete? Which data structure would you use, and what would one pass over the input do?",
        "Let's pin it down: walk me through what your algorithm does, step by step.",
    ),
    Act.PUSH_OPTIMAL: (
        "That would work, at {stated}. Can we do better than that? Think about what you are recomputing.",
    ),
    Act.GO_CODE: (
        "That sounds reasonable. Go ahead and code it up, and talk me through it as you go.",
        "Okay, let's see it in code. Keep talking while you write.",
    ),
    Act.NOTE_CODING: (
        "I see you've started coding. Tell me the approach as you go, so I can follow your thinking.",
    ),
    Act.ACK: (
        "Mm-hm, go on.",
        "Okay, keep going.",
        "Sure. Keep talking me through it.",
        "Got it.",
    ),
    Act.REPORT_RUN: (
        "Your code {summary}.",
        "That run {summary}.",
    ),
    Act.REPORT_RUN_WITH_HINT: (
        "Your code {summary}. Here's something to consider: {hint_text}",
    ),
    Act.TESTS_PASS_PROBE_EDGES: (
        "Your code {summary}. Before we call it done: which edge cases might the tests not cover?",
    ),
    Act.TESTS_PASS_ASK_COMPLEXITY: (
        "Your code {summary}. What are the time and space complexity of your solution?",
    ),
    Act.GIVE_HINT: (
        "Here's a nudge: {hint_text}",
        "Here's a hint: {hint_text}",
        "Let me be more direct: {hint_text}",
    ),
    Act.DECLINE_SOLUTION: (
        "I can't hand you the answer; the point is to see how you get there. But here's something "
        "to go on: {hint_text}",
    ),
    Act.HOLD_HINT: (
        "Let's give the last hint a little more time: {hint_text} Tell me what you're thinking.",
    ),
    Act.REPEAT_REVEAL: (
        "To recap the approach: {hint_text}",
    ),
    Act.PUSH_VERIFY: (
        "Before we call it done, walk me through your code with a concrete example. What happens, step by step?",
    ),
    Act.PUSH_TRACE: (
        "Take a small input and trace it through your code out loud.",
        "What edge cases would you check, and what does your code do with them?",
    ),
    Act.ASK_RUN: (
        "Good. Now run the tests and let's see.",
    ),
    Act.ACK_FIX: (
        "Okay. The last run still had failures; let's get those fixed.",
    ),
    Act.ASK_COMPLEXITY: (
        "What are the time and space complexity of your solution?",
    ),
    Act.ASK_COMPLEXITY_AGAIN: (
        "And in big-O terms: what's the time complexity, and how much extra space do you use?",
    ),
    Act.QUESTION_COMPLEXITY: (
        "Are you sure it's {stated}? Think about how many times each element is touched.",
    ),
    Act.CONFIRM_COMPLEXITY: (
        "Right, {expected_time} time and {expected_space} space. One follow-up: {follow_up}",
    ),
    Act.CORRECT_COMPLEXITY: (
        "Not quite: this runs in {expected_time} time with {expected_space} extra space. One follow-up: {follow_up}",
    ),
    Act.FOLLOW_UP: (
        "One follow-up: {follow_up}",
    ),
    Act.TIME_WARNING: (
        "Just so you know, we have about {minutes_left} left.",
    ),
    Act.TIME_UP: (
        "That's our time. Thanks, that was a good session; let's stop here.",
    ),
    Act.CLOSE: (
        "Thanks, that's a good place to stop. That's the end of the interview.",
    ),
}

_DEFAULT_ANSWER = ("Assume the input follows the constraints in the statement; for anything else, make a reasonable "
                   "assumption and tell me what it is.")


def word(decision: Decision, state: SessionState) -> str:
    """The template wording of a decision."""
    assert decision.act is not None
    variants = TEMPLATES[decision.act]
    facts = dict(decision.facts)
    if decision.act == Act.ANSWER_QUESTION:
        answer = facts.get("answer")
        facts["answer"] = f"{answer.rstrip('.')}." if answer else _DEFAULT_ANSWER
    if isinstance(facts.get("minutes_left"), int):
        n = facts["minutes_left"]
        facts["minutes_left"] = f"{n} minute{'' if n == 1 else 's'}"
    if "summary" in facts and facts["summary"].startswith("does not run"):
        facts["summary"] = facts["summary"].replace("does not run", "doesn't run", 1)
    text = variants[state.acts[decision.act] % len(variants)].format(**{"phase": state.phase, **facts})
    if decision.act in (Act.CLOSE, Act.TIME_UP) and facts.get("hidden_summary"):
        text += f" For the record, your final code {facts['hidden_summary']}."
    return " ".join(text.split())


def instruction(decision: Decision) -> str:
    """What the decision asks of the interviewer, for an LLM to word in its own way."""
    return INSTRUCTIONS.get(decision.act or "", "Respond briefly.")


INSTRUCTIONS = {
    Act.GREET: "Greet the candidate, name the problem, and ask them to read it, ask clarifying questions, "
               "then explain their approach before coding.",
    Act.WELCOME_BACK: "Welcome the candidate back to the interview they paused, "
                      "say where you were and how much time is left.",
    Act.ANSWER_QUESTION: "Answer the candidate's clarifying question briefly and precisely, "
                         "using only the problem statement and constraints. "
                         "If the statement does not settle it, tell them to make a reasonable assumption and state it.",
    Act.ASK_APPROACH: "Ask the candidate to explain their approach before coding.",
    Act.PROBE_APPROACH: "The candidate's approach is still vague. "
                        "Ask them to be concrete about the data structure and the steps.",
    Act.PUSH_OPTIMAL: "The candidate's approach works but is slower than necessary. "
                      "Acknowledge it and ask whether they can do better, without saying how.",
    Act.GO_CODE: "Approve the approach and ask them to code it, talking as they go.",
    Act.NOTE_CODING: "The candidate started coding without explaining an approach. Ask them to explain as they go.",
    Act.ACK: "Acknowledge briefly what the candidate said and let them continue. "
             "Answer a direct remark in one sentence if needed, but do not solve anything for them.",
    Act.REPORT_RUN: "Tell the candidate the test results given below, plainly. Do not tell them how to fix failures.",
    Act.REPORT_RUN_WITH_HINT: "Tell the candidate the test results, then give exactly the hint below, "
                              "in your own words.",
    Act.TESTS_PASS_PROBE_EDGES: "Tell them the tests pass, then ask which edge cases the tests might not cover.",
    Act.TESTS_PASS_ASK_COMPLEXITY: "Tell them the tests pass, then ask for the time and space complexity.",
    Act.GIVE_HINT: "Give exactly the hint below, in your own words, no more.",
    Act.DECLINE_SOLUTION: "The candidate asked for the answer. Decline kindly (the point is to see their reasoning), "
                          "then give exactly the hint below, no more.",
    Act.HOLD_HINT: "The candidate asked for more help too soon. "
                   "Restate the last hint below and ask what they are thinking.",
    Act.REPEAT_REVEAL: "Restate the approach below.",
    Act.PUSH_VERIFY: "The candidate says they are done but has not tested. "
                     "Ask them to walk through their code with a concrete example, step by step.",
    Act.PUSH_TRACE: "Ask the candidate to trace a small input through the code, or name edge cases.",
    Act.ASK_RUN: "Ask them to run the tests now.",
    Act.ACK_FIX: "Note that the last test run still had failures and ask them to fix them.",
    Act.ASK_COMPLEXITY: "Ask for the time and space complexity of their solution.",
    Act.ASK_COMPLEXITY_AGAIN: "Ask again, specifically, for the big-O time and space complexity.",
    Act.QUESTION_COMPLEXITY: "The stated complexity looks wrong. Ask them to reconsider, without giving the answer.",
    Act.CONFIRM_COMPLEXITY: "Confirm the complexity, then ask the follow-up question below.",
    Act.CORRECT_COMPLEXITY: "Correct the complexity with the expected one below, "
                            "then ask the follow-up question below.",
    Act.FOLLOW_UP: "Ask the follow-up question below.",
    Act.TIME_WARNING: "Tell the candidate how many minutes are left.",
    Act.TIME_UP: "Say time is up and close the interview warmly.",
    Act.CLOSE: "Close the interview warmly in one or two sentences.",
}
