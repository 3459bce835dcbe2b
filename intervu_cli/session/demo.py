"""The demo model: a scripted interviewer served as a local OpenAI-compatible model (`--model demo`).

For someone with no LLM who wants to see the conversational path: the session starts this server
on 127.0.0.1 (a free port, a thread of its own) and talks to it as `openai/demo` through litellm's
real HTTP path, exactly as it would to a real model: streamed Server-Sent Events at a model's pace
(the first token after 150-300 ms, then 30-60 tokens a second), cut off when the client closes the
stream, the one-token warm-up and the probes answered too. The session stops it when it ends.

It is not a language model. It reads what intervu sends (`engine.prompt`: the move decided this
turn and the line that carries its facts; `engine.reading`: the turn to read; `assessment.narrative`:
the scores to write about) and answers each request as an interviewer would, from phrasings of its
own, varied by the turn, keeping every fact it was given (an answer, a hint, a test result, a
complexity). Like a model, it knows only what the request says: the wording never sees the problem
file, so no hint beyond the one given can come out of it. Its reading of a turn is the rules'
reading (`engine.understand`) of the same words, in the model's JSON shape.
"""

from __future__ import annotations

import json
import random
import re
import select
import socket
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from intervu_cli.assessment import narrative
from intervu_cli.core.vocab import Act
from intervu_cli.engine import llm as llm_mod
from intervu_cli.engine import reading
from intervu_cli.engine import understand as und
from intervu_cli.engine.prompt import SYSTEM as WORDING_SYSTEM
from intervu_cli.engine.wording import _BACK_TO, CONCEPT_WORDS, INSTRUCTIONS
from intervu_cli.problems import Problem

MODEL = "openai/demo"
_ACTS = {text: act for act, text in INSTRUCTIONS.items()}
_WORDING_MARK = WORDING_SYSTEM.split("\n", 1)[0]
_NARRATIVE_MARK = narrative.SYSTEM.split("\n", 1)[0]
_FORM = re.compile(r"O\((?:[^()]|\([^()]*\))*\)")
_INTERJECTIONS = {Act.ANSWER_ROLE, Act.DEFLECT, Act.DECLINE_MANIPULATION, Act.ANSWER_QUESTION, Act.YOUR_CALL}


def serve(choice: llm_mod.ModelChoice, problem: Problem) -> tuple[llm_mod.ModelChoice, "DemoServer | None"]:
    """The choice as the session uses it: for the demo, its server started and the config pointed at
    it (the caller closes the server when the session ends); any other choice as it is."""
    if not choice.demo:
        return choice, None
    server = DemoServer(DemoInterviewer(problem)).start()
    config = llm_mod.LLMConfig(MODEL, server.base_url, "sk-demo")
    return replace(choice, config=config), server


# --- what the interviewer says --------------------------------------------------------------------


@dataclass
class _Turn:
    """One wording request, as the demo reads it from the prompt."""

    act: str
    line: str  # the line that carries the move's facts ("What to convey" / "A line you could say")
    title: str
    phase: str
    remaining: int
    run: str  # the latest test run's summary ("passes 3/5 tests; fails on ..."), or ""
    constraints: list[str]
    said: str  # the candidate's latest words ("" when they are working silently)
    before: list[str]  # what the interviewer said earlier, latest last
    seed: int


def _field(pattern: str, text: str, default: str = "") -> str:
    m = re.search(pattern, text, re.M)
    return m.group(1).strip() if m else default


def _block(text: str, head: str, tail: str) -> list[str]:
    m = re.search(re.escape(head) + r"\n(.*?)\n\n" + re.escape(tail), text, re.S)
    return [ln[2:].strip() for ln in m.group(1).splitlines() if ln.startswith("- ")] if m else []


def _plain(text: str) -> str:
    """Words to be read aloud: no Markdown backticks, one line."""
    return " ".join(text.replace("`", "").split())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _spoken_result(summary: str) -> str:
    """"passes 3/5 tests; fails on 'a' and 'b'" as said: "passes 3 of 5 tests, and fails on ..."."""
    out = re.sub(r"\b(\d+)/(\d+)\b", r"\1 of \2", summary)
    out = out.replace("; failing cases involve", ". The failing cases involve")
    return out.replace("; fails on", ", and fails on").replace("does not run", "doesn't run")


_CONSTRAINT_TOPICS = (
    (r"empty|size|length|how long|how many|maximum|minimum|at least|at most|just one|only one|single",
     r"len\(|length|<= ?n\b|\bn <=|size"),
    (r"negative|minus|positive|zero|range|how (?:big|large|small)|overflow", r"-10|negative|>= ?0|0 <=|<= ?\w+\[i\]"),
    (r"sort|order", r"sorted|order|ascending|descending"),
    (r"duplicate|repeat|unique|distinct", r"unique|distinct|duplicate|repeat"),
    (r"letter|character|string|ascii|case|unicode|space", r"letter|character|ascii|lowercase|uppercase|english"),
)


def _spoken_constraint(c: str) -> str:
    c = re.sub(r"len\((\w+)\)", r"the length of \1", c)
    c = re.sub(r"(\w+)\[i\]", r"each value of \1", c)
    c = re.sub(r"(-?)10\^(\d+)", lambda m: ("minus " if m.group(1) else "") + f"10 to the {m.group(2)}", c)
    m = re.fullmatch(r"\s*(.+?)\s*<=\s*(.+?)\s*<=\s*(.+?)\s*", c)
    if m:
        return f"{m.group(2)} is between {m.group(1)} and {m.group(3)}"
    return _plain(c.rstrip("."))


def _constraint_for(question: str, constraints: list[str]) -> str | None:
    """The constraint that settles the candidate's question, when one plainly does."""
    q = question.lower()
    for asked, says in _CONSTRAINT_TOPICS:
        if re.search(asked, q):
            found = [c for c in constraints if re.search(says, c, re.I)]
            if found:
                return found[0]
    return None


def _opening(option: str) -> str:
    """How a phrasing starts (up to its first pause): two lines starting alike read as a template."""
    return re.split(r"[.,:;?!]", option, maxsplit=1)[0][:30] or option


def _concept(line: str) -> str:
    found = [w for w in CONCEPT_WORDS.values() if re.search(rf"\b{re.escape(w)}\b", line, re.I)]
    return max(found, key=len) if found else ""


def _back(line: str) -> str:
    return next((b for b in _BACK_TO.values() if b in line), "Let's get back to the problem.")


def _then(line: str) -> list[str]:
    """What a complexity confirmation goes on to, from its line: the next step's own phrasings."""
    follow = re.search(r"(?:One follow-up|Another one): (.+)$", line)
    if follow:
        q = _plain(follow.group(1))
        return [f"One follow-up: {q}", f"Here's a follow-up: {q}", f"Let me ask you one more thing: {q}"]
    if "questions for me" in line:
        return ["That's everything I wanted to cover. Do you have any questions for me?",
                "That covers what I wanted to go through. Anything you'd like to ask me?"]
    if "end of the interview" in line:
        return ["Thanks, that's the end of the interview.", "That wraps us up. Thanks for your time."]
    if "code it" in line:
        return ["Go ahead and code it.", "Go ahead and write it up.", "Let's see it in code."]
    return [""]


class DemoInterviewer:
    """The replies of the demo model, one per request body: no I/O, the same reply to the same turn.
    It remembers what it said (and as which move), to read the candidate's next turn against it."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem  # for the rules' reading of a turn only; the wording uses the prompt alone
        self._lock = threading.Lock()
        self._worded: list[tuple[str, str]] = []  # (what it said, the move it was), for reading in context

    def reply(self, body: dict[str, Any]) -> str:
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        first = _text(messages[0].get("content")) if messages else ""
        if first.startswith(reading.MARKER):
            return self._read(first, _text(messages[-1].get("content")))
        if first.startswith(_NARRATIVE_MARK):
            return _narrate(_text(messages[-1].get("content")))
        if first.startswith(_WORDING_MARK):
            return self._word(first, messages)
        return "OK."  # a probe ("Say OK."), or anything else asked of a model

    # the reading of a turn: the rules' reading, against the move it answers
    def _read(self, system: str, text: str) -> str:
        phase = _field(r"^Interview phase: ([\w-]+)\.", system)
        last = " ".join(_field(r"^The interviewer's last words: (.*)", system).split())
        with self._lock:
            worded = list(self._worded)
        asked = ""
        at = next((i for i in range(len(worded) - 1, -1, -1) if worded[i][0] == last), None)
        if at is not None:
            asked = next((key for _, key in reversed(worded[: at + 1]) if key.split(":")[0] not in _INTERJECTIONS),
                         "")
        r = und.in_context(und.understand(text, self.problem, phase), asked, text)
        out: dict[str, Any] = {"kind": r.kind, "also": list(r.also), "quality": r.quality,
                               "time": r.time if r.claimed else "", "space": r.space if r.claimed else "",
                               "topics": list(r.topics), "edges": list(r.edges)}
        return json.dumps(out)

    def _word(self, system: str, messages: list[dict]) -> str:
        users = [_text(m.get("content")) for m in messages if m.get("role") == "user"]
        said = users[-1] if users else ""
        said = "" if said.startswith("(The candidate is working silently") else said
        turn = _Turn(
            act=_ACTS.get(_field(r"^Your move: (.*)$", system), ""),
            line=_field(r"^(?:A line you could say|What to convey) \([^)]*\): (.*)$", system),
            title=_field(r"^Problem: (.*) \(\w+\)$", system, "the problem"),
            phase=_field(r"^Interview phase: ([\w-]+)\.", system),
            remaining=int(_field(r"min elapsed, (\d+) min left", system, "0")),
            run=_field(r"^Latest test run: the code (.*?)\.?$", system),
            constraints=_block(system, "Constraints:", "Facts for answering"),
            said=said,
            before=[_text(m.get("content")) for m in messages if m.get("role") == "assistant"],
            seed=zlib.crc32(f"{len(messages)}|{said}|{system[-300:]}".encode()),
        )
        try:
            text = _plain(self._compose(turn))
        except Exception:  # noqa: BLE001 - a line it cannot parse: say the line given, as a model would
            text = _plain(turn.line) or "Okay. Go on."
        key = turn.act
        if turn.act == Act.PUSH_TRACE:
            key = f"{turn.act}:{'edges' if 'edge case' in turn.line else 'trace'}"
        with self._lock:
            self._worded = [*self._worded[-40:], (text, key)]
        return text

    def _compose(self, t: _Turn) -> str:  # noqa: C901 - one branch per move, read top to bottom
        act, line = t.act, t.line
        forms = _FORM.findall(line)

        def pick(*options: str) -> str:
            """The option for this turn (by its seed), avoiding what was said lately."""
            n = len(options)
            order = [options[(t.seed + i) % n] for i in range(n)]
            recent = [" ".join(b.split()) for b in t.before[-3:]]
            return next((o for o in order if not any(b.startswith(_opening(o)) for b in recent)), order[0])

        if act == Act.GREET:
            return pick(f"Hi, welcome. Today's problem is {t.title}, and we have about {t.remaining} minutes. Have a "
                        "read, ask me anything that's unclear, and then walk me through your approach before you code.",
                        f"Hello, and thanks for joining. We'll spend about {t.remaining} minutes on {t.title}. Read "
                        "it through, ask whatever you need, then tell me your plan before writing code.")
        if act == Act.WELCOME_BACK:
            return pick(f"Welcome back. We were in the {t.phase} part, with about {t.remaining} minutes left. Your "
                        "code is where you left it, so pick up whenever you're ready.",
                        f"Good to have you back. We'd got to the {t.phase} part, and there are about {t.remaining} "
                        "minutes to go. Carry on when you're ready.")
        if act == Act.ANSWER_QUESTION:
            again = bool(re.match(r"As I said[,:] ", line))
            answer = _sentence(re.sub(r"^As I said[,:] ", "", line))
            if again:
                return pick(f"Like I mentioned, {_lower_first(answer)}", f"Same as before: {answer}")
            more = (pick("", " Anything else before you get into the approach?", " What else would you like to know?")
                    if t.phase in ("intro", "clarify") else pick("", " Does that help?"))
            return pick(f"Good question. {answer}", f"Sure. {answer}", answer) + more
        if act == Act.YOUR_CALL:
            if "Either works" in line or "Both are fine" in line:
                return pick("Either is fine by me. Pick one and tell me what it costs you.",
                            "Both work. Choose the one you prefer and tell me why.")
            found = _constraint_for(t.said, t.constraints)
            if found:
                return pick(f"The constraints cover part of that: {_spoken_constraint(found)}. Beyond that, it's your "
                            "call; tell me what you'll assume.",
                            f"Have a look at the constraints: {_spoken_constraint(found)}. Anything they don't pin "
                            "down, make an assumption and say it out loud.")
            return pick("The problem doesn't pin that down, so it's your call. What would you assume?",
                        "That's up to you. Make a reasonable assumption and tell me what it is.",
                        "Nothing in the problem settles that, so decide how you'd treat it and say it out loud.")
        if act == Act.ACK_ASSUMPTION:
            precise = re.search(r"(?:To be precise|For the record): (.+)$", line)
            if precise:
                fact = _sentence(precise.group(1))
                return pick(f"Okay. Just so we're aligned: {fact}", f"Sure, with one detail: {fact}")
            return pick("That's a reasonable assumption; go with it.", "Sounds fair. Keep that in mind as you go.",
                        "Okay, I'm fine with that assumption.")
        if act == Act.ASK_APPROACH:
            return pick("So, how would you approach it? Talk me through the idea before any code.",
                        "Okay. What's your plan? Give me the idea first, in a sentence or two.",
                        "Great. When you're ready, tell me how you'd solve it.")
        if act == Act.PROBE_APPROACH:
            c = _concept(line)
            if c:
                return pick(f"{c[0].upper()}{c[1:]} could be part of it. What exactly would you keep, and what do you "
                            "do at each step?",
                            f"Okay, {c}. Make it concrete for me: walk me through one pass over the input.")
            return pick("Can you make that more concrete? What would you store, and what happens at each step?",
                        "Let's pin that down: take me through your algorithm, step by step.")
        if act == Act.PUSH_OPTIMAL:
            cost = forms[0] if forms else ""
            if "your code runs in" in line:
                return pick(f"Right, your code is {cost}. The problem allows better, though. What work is repeated?",
                            f"Yes, {cost} as written. Could you avoid some of that work?")
            if "brute force" in line or "would work" in line:
                return pick(f"That would work{', at ' + cost if cost else ''}. Can you do better? Think about what "
                            "you're recomputing.",
                            f"Okay, that's correct{', but ' + cost if cost else ''}. Is there work you could avoid "
                            "repeating?")
            return pick(f"That works{', at ' + cost if cost else ''}. Could it be faster?",
                        f"Fine{', ' + cost if cost else ''}. Is there a way to avoid the extra work?")
        if act == Act.ASK_APPROACH_COMPLEXITY:
            c = _concept(line)
            lead = f"Okay, {c}. " if c else "Okay. "
            if "good plan" in line:
                lead += "That sounds like a good plan. "
            return lead + pick("Before you code it, what would the time and space complexity be?",
                               "What would that cost, in time and in space?",
                               "And the complexity of that, time and space?")
        if act == Act.GO_CODE:
            if "sounds right" in line:
                right = _field(r"^Good, (.+?) sounds right", line, "that")
                lead = pick(f"Yes, {right} is right. ", f"Right, {right}. ")
            elif "That's better" in line:
                return pick("That's better. Go ahead and update your code, and tell me what the change costs.",
                            "Much better. Change your code to do that, and talk me through it.")
            elif "come back to making it faster" in line:
                lead = "Okay, let's go with that for now; we can come back to speed later. "
            elif "make it concrete" in line:
                lead = "Alright, let's see it in code; that'll make it concrete. "
            else:
                c = _concept(line)
                lead = f"Good, {c}. " if c else "Sounds good. "
            return lead + pick("Go ahead and code it up, and talk me through it as you go.",
                               "Let's see it in code. Keep talking while you write.",
                               "Go ahead and write it, and tell me what each part does.")
        if act == Act.NOTE_CODING:
            return pick("I see you've jumped into the code. Tell me the approach as you go, so I can follow.",
                        "Okay, you're already coding. Talk me through your plan while you write.")
        if act == Act.ACK:
            if forms:
                return pick(f"Right, {forms[0]}. Keep going.", f"Yes, {forms[0]}. Carry on.")
            c = _concept(line)
            if c:
                return pick(f"Okay, {c}. Go on.", f"Mm-hm, {c}. Keep going.", f"Right, with {c}. Carry on.")
            return pick("Mm-hm, go on.", "Okay, I'm with you. Keep going.", "Got it. Carry on.",
                        "Sure, keep talking me through it.")
        if act == Act.ACK_THINKING:
            if "crux" in line or "right problem" in line:
                return pick("Yes, that's the crux. What would you need to remember to get around it?",
                            "Right, that's the problem to solve. What information would let you avoid it?")
            return pick("Take your time; thinking out loud is exactly right.", "Sure, take a moment. What are you "
                        "weighing up?", "Okay, I'm following. Keep going.")
        if act == Act.ACK_TRACE:
            return pick("Nice, walking an example through like that helps.", "Good, I follow the trace.",
                        "Thanks, that example makes it clear.")
        if act == Act.ACK_EDGES:
            m = re.match(r"(?:Good|Okay), (.+?)(?: (?:is|are) worth|: good)", line)
            edges = m.group(1) if m and "those" not in m.group(1) else "those edge cases"
            return pick(f"Good, {edges}: worth keeping in mind.",
                        f"Yes, {edges} matter here. Good to have them in view.")
        if act in (Act.REPORT_RUN, Act.REPORT_RUN_WITH_HINT, Act.TESTS_PASS_PROBE_EDGES, Act.TESTS_PASS_ASK_COMPLEXITY):
            result = _spoken_result(t.run or _field(r"^(?:Your code|That run) (.+?)\.(?: |$)", line) or "ran")
            said = pick(f"Okay, the results are in: your code {result}.", f"The run's back. Your code {result}.",
                        f"Alright, your code {result}.")
            if act == Act.REPORT_RUN_WITH_HINT:
                hint = re.search(r"(?:consider|might help): (.+)$", line)
                if hint:
                    said += pick(" One thing to think about: ", " Here's something that might help: ") + _sentence(
                        hint.group(1))
            elif act == Act.TESTS_PASS_PROBE_EDGES:
                said += pick(" Before we call it done, which edge cases might those tests miss?",
                             " What edge cases would you still want to check?")
            elif act == Act.TESTS_PASS_ASK_COMPLEXITY:
                said += pick(" So what's the time and space complexity?", " What does it cost, in time and extra "
                             "space?")
            return said
        if act in (Act.GIVE_HINT, Act.DECLINE_SOLUTION):
            hint = re.search(r"(?:nudge|hint|key idea|A hint|help you move\. A hint): (.+)$", line)
            text = _sentence(hint.group(1)) if hint else _sentence(line)
            if act == Act.DECLINE_SOLUTION:
                return pick(f"I'm not going to hand you the answer; I want to see how you get there. But here's a "
                            f"nudge: {text}",
                            f"I can't give you the solution, but I can help you move. Try this: {text}")
            if "small nudge" in line:
                return pick(f"Sure, here's a small nudge: {text}", f"Okay, a little nudge. {text}")
            if "key idea" in line:
                return pick(f"Okay, let me give you the key idea. {text}", f"Alright, here's the core of it. {text}")
            return pick(f"Alright, here's a hint: {text}", f"Let me give you a hint. {text}")
        if act == Act.HOLD_HINT:
            lead = "I won't give you the answer, but I'll help you get there. " if "won't give you" in line else ""
            return lead + pick("Let's give the last hint a bit more time. What are you thinking so far?",
                               "Stay with that hint a little longer. Where does it break down for you?",
                               "Try the last hint on the first example. What happens?")
        if act == Act.CHECK_IN:
            if "tests" in line and "pass" in line:
                return pick("Your tests pass already. What are you still unsure about?",
                            "The tests pass. What would you still like to check?")
            return pick("What are you thinking right now? Talk me through where you are.",
                        "Where are you at? Even a half-formed idea is fine.",
                        "Tell me what you've tried so far, and where you're stuck.")
        if act == Act.REPEAT_REVEAL:
            return pick("We've covered the key idea already. Which part of it isn't clear?",
                        "You have the whole approach now. Write the first few lines, and tell me where it stops making "
                        "sense.")
        if act == Act.PUSH_VERIFY:
            return pick("Before we call it done, walk me through your code with a concrete example, step by step.",
                        "Hold on before you hand it in: pick a small input and trace it through your code for me.")
        if act == Act.PUSH_TRACE:
            if "edge case" in line:
                lead = "Good. " if line.startswith("Good.") else ""
                return lead + pick("What edge cases would you check, and what does your code return for them?",
                                   "Which inputs might break it? Name a couple of edge cases and what your code does "
                                   "with them.")
            return pick("Take a small input and trace it through your code out loud.",
                        "Walk me through your code on a small example, line by line.")
        if act == Act.ASK_RUN:
            return pick("Okay, go ahead and run the tests.", "Sounds good. Let's run the tests and see.")
        if act == Act.ACK_FIX:
            return pick("Not quite yet: the last run still had failures. Let's fix those first.",
                        "Before we call it done, your code still fails some tests. Have a look at what the last run "
                        "said.")
        if act == Act.ASK_COMPLEXITY:
            lead = "Good. " if line.startswith("Good.") else ""
            return lead + pick("What's the time and space complexity of your solution?",
                               "So what does this cost, in time and in extra space?",
                               "Let's talk complexity: time and space?")
        if act == Act.ASK_COMPLEXITY_AGAIN:
            return pick("And in big-O terms: time, and extra space?", "Can you put that in big-O? Time and space.")
        if act == Act.QUESTION_COMPLEXITY:
            stated = forms[0] if forms else "that"
            if "space" in line:
                return pick(f"Are you sure about {stated} space? Look at what your code keeps as it runs.",
                            f"Hmm, {stated} extra space? Check what your code stores along the way.")
            return pick(f"Are you sure it's {stated}? Think about how many times each element is touched.",
                        f"Hmm, {stated}? Count the work per element and check that again.")
        if act in (Act.CONFIRM_COMPLEXITY, Act.CORRECT_COMPLEXITY):
            time_, space = (forms + ["", ""])[:2]
            if act == Act.CONFIRM_COMPLEXITY:
                both = f"{time_} time" + (f" and {space} space" if space else "")
                head = pick(f"Right, {both}.", f"Yes, exactly: {both}.", f"That's right, {both}.")
            elif line.startswith("Close"):
                head = pick(f"Close, but the extra space is {time_}.", f"Almost: it uses {time_} extra space.")
            else:
                head = pick(f"Not quite. It's {time_} time, with {space} extra space.",
                            f"Not quite: it runs in {time_} time and uses {space} extra space.")
            return f"{head} {pick(*_then(line))}".strip()
        if act == Act.FOLLOW_UP:
            q = re.search(r"(?:One follow-up|Another one): (.+)$", line)
            question = _plain(q.group(1)) if q else line
            lead = "Good. " if line.startswith("Good.") else ("That's fine, it's not an easy one. "
                                                             if line.startswith("That's fine") else "")
            if "Another one" in line:
                return lead + pick(f"Another one: {question}", f"One more: {question}")
            return lead + pick(f"One follow-up: {question}", f"Here's a follow-up for you: {question}",
                               f"Let me ask you one more thing: {question}")
        if act == Act.ASK_FOR_QUESTIONS:
            lead = "Thanks. " if line.startswith("Thanks.") else ("That's fine. " if line.startswith("That's fine")
                                                                  else "")
            return lead + pick("That's everything I wanted to cover. Do you have any questions for me?",
                               "That covers what I wanted to go through. Anything you'd like to ask me?")
        if act == Act.ANSWER_ROLE:
            return pick("Good question. ", "Sure. ", "") + line
        if act == Act.DEFLECT:
            role = "at the end" in line or "end of the interview" in line
            head = pick("Happy to talk about that at the end.", "Let's save that for the end, if there's time.") \
                if role else pick("Ha, maybe after the interview.", "Let's keep that for later.",
                                  "Good to chat, but let's use the time for the problem.")
            return f"{head} {_back(line)}"
        if act == Act.DECLINE_MANIPULATION:
            return pick("Nice try, but I'll stay the interviewer, and the solution stays yours to find.",
                        "I can't do that; I'm here to see how you think.",
                        "That's not how this works, I'm afraid.") + " " + _back(line)
        if act == Act.NO_CODE_YET:
            return pick("There's no code yet. Tell me your approach first, then write it.",
                        "We don't have any code to look at yet. How would you solve it?")
        if act == Act.TIME_WARNING:
            left = _field(r"about (\d+ minutes?)", line, f"{t.remaining} minutes")
            return pick(f"Just a heads-up: we have about {left} left.", f"Quick time check: about {left} to go.")
        if act in (Act.TIME_UP, Act.CLOSE):
            head = pick("That's our time. Thanks, that was a good session; let's stop here.",
                        "We're out of time, so let's stop there. Thanks, I enjoyed that.") if act == Act.TIME_UP else \
                pick("Thanks, that's a good place to stop. That's the end of the interview.",
                     "Great, let's wrap up there. Thanks for your time; that's the end of the interview.")
            final = re.search(r"For the record, your final code (.+?)\.?$", line)
            return head + (f" For the record, your final code {_spoken_result(final.group(1))}." if final else "")
        return line or "Okay. Go on."  # a move this demo has no words of its own for: the line it was given


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI "content parts"
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return ""


# --- the feedback's narrative ---------------------------------------------------------------------

_PRACTICE = {
    "algorithms": "practise saying the brute force and its cost first, then asking what repeated work a better "
                  "structure would remove",
    "coding": "practise writing the solution in one go on a small problem, then reading it back line by line "
              "before you run it",
    "problem_solving": "practise asking two or three clarifying questions and stating your plan before any code",
    "verification": "practise tracing one small example through your code out loud and naming two edge cases "
                    "before you run the tests",
    "communication": "practise narrating as you go: what you're about to do, and why, in a sentence each time",
}
_EVIDENCE = re.compile(r"(.+?) \(([+-]?\d+(?:\.\d+)?)\)(?:; |$)")


def _evidence(text: str) -> str:
    """A piece of evidence as a clause of the narrative: without its quotes and times."""
    text = re.sub(r":? \u201c[^\u201d]*\u201d", "", text)
    text = re.sub(r" \(at \d+:\d\d\)", "", text).strip().rstrip(".")
    return _lower_first(text)


def _narrate(user: str) -> str:
    """The narrative's JSON from the scores and their evidence: the verdict's reason, the strongest
    pillar, the one to fix first, and how to practise it. No score moves: the demo has nothing to
    add to the evidence."""
    pillars: dict[str, tuple[int, list[tuple[str, float]]]] = {}
    for m in re.finditer(r"^- (\w+): (\d+)/10\. Evidence: (.*)$", user, re.M):
        evidence = [(_evidence(e.group(1)), float(e.group(2))) for e in _EVIDENCE.finditer(m.group(3))]
        pillars[m.group(1)] = (int(m.group(2)), [e for e in evidence if e[0] and len(e[0]) <= 160])
    parts = []
    why = re.search(r"^Signal by the rule: (.+?) \((?:[^:()]+: )?(.*)\)\.$", user, re.M)
    if why:
        parts.append(f"Overall, {why.group(1)}: {why.group(2).rstrip('.')}.")
    if pillars:
        name = {p: p.replace("_", " ") for p in pillars}
        best = max(pillars, key=lambda p: pillars[p][0])
        worst = min(pillars, key=lambda p: (pillars[p][0], p != "verification"))
        good = max(pillars[best][1], key=lambda e: (e[1], -len(e[0])), default=None)
        parts.append(f"Your strongest area was {name[best]}, at {pillars[best][0]} out of 10"
                     + (f": {good[0]}." if good and good[1] > 0 else "."))
        if pillars[worst][0] < pillars[best][0]:
            missed = min(pillars[worst][1], key=lambda e: (e[1], len(e[0])), default=None)
            parts.append(f"The thing to work on first is {name[worst]}, at {pillars[worst][0]} out of 10"
                         + (f": {missed[0]}." if missed else "."))
        parts.append(f"To get better at it, {_PRACTICE.get(worst, 'practise it on a few more problems')}.")
    hints = _field(r"Hints: (.*?)\.$", user)
    if hints and hints != "none":
        parts.append("Next time, try to get one step further on your own before you ask for a hint.")
    if not parts:
        parts.append("Thanks for the session. Keep practising: state your plan, code it, and test it on a small "
                     "example before you hand it over.")
    return json.dumps({"narrative": " ".join(parts), "adjustments": []})


# --- the server -----------------------------------------------------------------------------------

_POLL_S = 0.02


def tokens(text: str) -> list[str]:
    """Pieces the size of a model's tokens (a short word, or up to five letters of a long one; each
    piece keeps its leading space), so that streaming paces like a model: "".join(tokens(t)) == t."""
    return re.findall(r"\s*[A-Za-z']{1,5}|\s*[^\sA-Za-z']+|\s+", text)


class _Gone(Exception):
    """The client closed the stream (or the server is stopping): stop generating."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "intervu-demo/1"
    sys_version = ""
    timeout = 30  # a connection that sends no request is dropped (it never holds a thread for long)

    def log_message(self, format, *args):  # noqa: A002 - quiet: the interview owns the terminal
        pass

    def do_GET(self):  # noqa: N802
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [{"id": "demo", "object": "model", "owned_by": "intervu"}]})
        else:
            self._json(404, {"error": {"message": f"no {self.path} here", "type": "invalid_request_error"}})

    def do_POST(self):  # noqa: N802
        t0 = time.monotonic()
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
            if not isinstance(body, dict):
                raise ValueError("the body is not a JSON object")
        except ValueError as exc:
            self._json(400, {"error": {"message": f"bad request: {exc}", "type": "invalid_request_error"}})
            return
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._json(404, {"error": {"message": f"no {self.path} here", "type": "invalid_request_error"}})
            return
        server: _Server = self.server  # type: ignore[assignment]
        try:
            text = server.owner.interviewer.reply(body)
        except Exception as exc:  # noqa: BLE001 - a bug of the demo's: the client sees a model error, as from any
            self._json(500, {"error": {"message": f"the demo model failed: {exc!r}", "type": "server_error"}})
            return
        pieces = tokens(text)
        limit = body.get("max_tokens")
        if isinstance(limit, int) and limit > 0:
            pieces = pieces[:limit]
        owner = server.owner
        pace = random.Random(zlib.crc32(text.encode()))
        first_at = t0 + pace.uniform(*owner.first_token_s)
        gap = 1.0 / pace.uniform(*owner.tokens_per_s)
        try:
            if body.get("stream"):
                self._stream(pieces, first_at, gap, pace, str(body.get("model") or "demo"))
            else:
                self._wait(first_at + gap * max(0, len(pieces) - 1))
                self._json(200, {"id": "chatcmpl-" + uuid.uuid4().hex[:24], "object": "chat.completion",
                                 "created": int(time.time()), "model": body.get("model") or "demo",
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": "".join(pieces)}}],
                                 "usage": {"prompt_tokens": 0, "completion_tokens": len(pieces),
                                           "total_tokens": len(pieces)}})
        except _Gone:
            self.close_connection = True

    def _json(self, status: int, obj: Any) -> None:
        data = json.dumps(obj).encode()
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self._write(data)

    def _stream(self, pieces: list[str], first_at: float, gap: float, pace: random.Random, model: str) -> None:
        cid, created = "chatcmpl-" + uuid.uuid4().hex[:24], int(time.time())

        def event(delta: dict, finish: str | None = None) -> None:
            chunk = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                     "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self._chunk(b"data: " + json.dumps(chunk).encode() + b"\n\n")

        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        at = first_at
        for i, piece in enumerate(pieces):
            self._wait(at)
            event({"role": "assistant", "content": piece} if i == 0 else {"content": piece})
            at += gap * pace.uniform(0.6, 1.4)
        event({}, "stop")
        self._chunk(b"data: [DONE]\n\n")
        self._chunk(b"")  # the zero-length chunk that ends the body

    def _chunk(self, data: bytes) -> None:
        self._write(b"%x\r\n%s\r\n" % (len(data), data))

    def _write(self, data: bytes) -> None:
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError as exc:
            raise _Gone() from exc

    def _wait(self, deadline: float) -> None:
        """Sleep until `deadline`, noticing the client leaving (it closed the stream: the reply is
        abandoned, so generation stops) or the server stopping."""
        stop = self.server.owner._stop  # type: ignore[attr-defined]
        while True:
            left = deadline - time.monotonic()
            if stop.is_set():
                raise _Gone()
            if left <= 0:
                return
            try:
                readable, _, _ = select.select([self.connection], [], [], min(_POLL_S, left))
                if readable and not self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT):
                    raise _Gone()
            except BlockingIOError:
                continue
            except (OSError, ValueError) as exc:
                raise _Gone() from exc


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: "DemoServer") -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request, client_address):
        """As ThreadingMixIn's, but each connection's thread is tracked, so `close` can end it."""
        t = threading.Thread(target=self._connection, args=(request, client_address), name="intervu-demo-conn",
                             daemon=True)
        with self.owner._lock:
            self.owner._conns[t] = request
        t.start()

    def _connection(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - a client going away mid-request is not an error of the server
            pass
        finally:
            self.shutdown_request(request)
            with self.owner._lock:
                self.owner._conns.pop(threading.current_thread(), None)

    def handle_error(self, request, client_address) -> None:  # quiet
        pass


class DemoServer:
    """The demo model's OpenAI-compatible endpoint on 127.0.0.1, on a thread, for one session. Each
    reply comes at a pace drawn (per reply) from the ranges given: a local model's, by default."""

    def __init__(self, interviewer: DemoInterviewer, *, first_token_s: tuple[float, float] = (0.15, 0.30),
                 tokens_per_s: tuple[float, float] = (30.0, 60.0)) -> None:
        self.interviewer = interviewer
        self.first_token_s = first_token_s
        self.tokens_per_s = tokens_per_s
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._conns: dict[threading.Thread, socket.socket] = {}
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def connections(self) -> int:
        """Requests being answered now (a stream the client closed is dropped at once)."""
        with self._lock:
            return len(self._conns)

    def start(self) -> "DemoServer":
        if self._httpd is None:
            self._stop.clear()
            self._httpd = _Server(self)
            self.port = self._httpd.server_address[1]
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name=f"intervu-demo-{self.port}", daemon=True)
            self._thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving: end the streams in flight, close every socket, join every thread (idempotent)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stop.set()
        try:
            httpd.shutdown()  # the accept loop ends within its poll interval
            deadline = time.monotonic() + timeout
            with self._lock:
                conns = list(self._conns.items())
            for t, sock in conns:
                t.join(max(0.0, min(1.0, deadline - time.monotonic())))
                if t.is_alive():  # still reading a request that never came: wake it
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    t.join(max(0.0, deadline - time.monotonic()))
        finally:
            httpd.server_close()
            if thread is not None:
                thread.join(timeout)
            self._httpd = self._thread = None

    def __enter__(self) -> "DemoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
