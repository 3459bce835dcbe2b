"""Every claim a report makes, checked against the transcript of its session, for every scripted
interview in the tests (tests/interviews, tests/scripts, tests/population).

The checks read the transcript on their own, with plain surface rules (what a reader skimming the
transcript would go by), not through the interviewer's understanding that the report is built on:

- a claim that quotes the candidate quotes a line they said, at the time it gives;
- a claim of absence ("you never ...", "no ...") is checked against every turn: a turn that plainly
  shows the thing contradicts it;
- figures (tests passed, the time of the first code, hints) match the events.
"""

from __future__ import annotations

import re

import pytest

from intervu_cli.core.events import CandidateSaid, CodeSnapshot, HintGiven, TestRunResult
from intervu_cli.core.vocab import RunTrigger
from tests import scripted_session
from tests.scripted_session import Session

SCRIPTS = scripted_session.scripts()

COMPLEXITY = re.compile(r"\bo\s*\(|\bo of\b|\bbig[- ]?o\b|\blinear\b|\bquadratic|\bn squared\b|\bn log n\b|\blog n\b|"
                        r"\bconstant time\b|\bn\^2\b|\bexponential|\bcubic\b|\b[a-z] times [a-z]\b", re.I)
INPUT_WORDS = re.compile(r"\b(inputs?|arrays?|lists?|strings?|numbers?|values?|empty|negative|sorted|duplicates?|null|"
                         r"size|range|return|order|unique|bound|characters?|nodes?|tree|graph|valid|integers?|length|"
                         r"elements?|zero|always|guaranteed|can (the|there|it|they|a|an|we)|will (the|there|it|they)|"
                         r"what (if|about|should|happens|do))\b", re.I)
NOT_CLARIFYING = re.compile(r"\b(hint|answer|solution|give me|ignore|pretend|you are now|system prompt|rate me|"
                            r"score|hire|can i start|should i start|may i start|can i code|go ahead)\b", re.I)
MANIPULATION = re.compile(r"\b(ignore (all|previous|your|the)|pretend|you are now|system prompt|rate me|"
                          r"give me (a|the) (10|perfect|hire|strong)|as an ai|disregard)\b", re.I)
TRACE = re.compile(r"\b(walk(ing)? through|trac(e|ing)|step through|dry run|let'?s try|for example|e\.g\.|"
                   r"with the (input|example)|example \d|at index \d|first example)\b", re.I)
EDGES = re.compile(r"\b(edge cases?|corner cases?|empty|single element|one element|just one|only one|duplicates?|"
                   r"negatives?|null|overflow|no (solution|answer|pair))\b", re.I)
NO_EDGES = re.compile(r"\b(don'?t|no|not any|aren'?t)\b[^.]{0,30}\b(edge|corner) cases?\b", re.I)
APPROACH = re.compile(r"\b(i'?d|i will|i'?ll|we can|we could|i can|i would|i'?m going to|i am going to|my approach|"
                      r"my plan|hash ?map|dictionary|two pointers|binary search|stack|queue|bfs|dfs|breadth|depth|"
                      r"recursion|recursive|dynamic programming|sliding window|heap|brute force|sort)\b", re.I)


def _turns(s: Session) -> list[CandidateSaid]:
    return [e for e in s.events if isinstance(e, CandidateSaid)]


def _first_code_seq(s: Session) -> int | None:
    starters = {spec.starter.strip() for spec in s.problem.languages.values()}
    return next((i for i, e in enumerate(s.events) if isinstance(e, CodeSnapshot) and e.code.strip()
                 and e.code.strip() not in starters), None)


def _before_code(s: Session) -> list[CandidateSaid]:
    first = _first_code_seq(s)
    return [e for i, e in enumerate(s.events) if isinstance(e, CandidateSaid) and (first is None or i < first)]


def _after_code(s: Session) -> list[CandidateSaid]:
    first = _first_code_seq(s)
    return [] if first is None else [e for i, e in enumerate(s.events) if isinstance(e, CandidateSaid) and i > first]


def _statement(text: str) -> bool:
    return not text.rstrip().endswith("?")


def _contradictions(s: Session) -> list[str]:
    out: list[str] = []
    turns = _turns(s)
    said = {(e.t, e.text) for e in turns}
    for pillar, p in s.report["pillars"].items():
        for e in p["evidence"]:
            text, eid, met = e["text"], e["id"], e["met"]
            where = f"{pillar}/{eid}: {text!r}"
            if e.get("quote"):
                if (e.get("at"), e["quote"]) not in said:
                    out.append(f"{where} quotes words not said at {e.get('at')}")
            if eid == "clarified" and met is False:
                asked = [t.text for t in _before_code(s) if not _statement(t.text) and INPUT_WORDS.search(t.text)
                         and not NOT_CLARIFYING.search(t.text)]
                if asked:
                    out.append(f"{where}, but the candidate asked {asked[0]!r} before coding")
            if eid == "clarified" and met and e.get("quote") and MANIPULATION.search(e["quote"]):
                out.append(f"{where} counts an attempt to steer the interviewer as a question")
            if eid == "complexity_stated" and "never stated" in text:
                stated = [t.text for t in turns if _statement(t.text) and COMPLEXITY.search(t.text)]
                if stated:
                    out.append(f"{where}, but the candidate said {stated[0]!r}")
            if eid == "complexity_stated" and e.get("quote") and not COMPLEXITY.search(e["quote"]):
                out.append(f"{where} quotes a line that states no complexity")
            if eid == "traced" and met is False:
                traced = [t.text for t in _after_code(s) if TRACE.search(t.text) and _statement(t.text)]
                if traced:
                    out.append(f"{where}, but the candidate said {traced[0]!r} after writing code")
            if eid == "edge_cases" and met is False:
                named = [t.text for t in _after_code(s) if EDGES.search(t.text) and _statement(t.text)
                         and not NO_EDGES.search(t.text)]
                if named:
                    out.append(f"{where}, but the candidate said {named[0]!r}")
            if eid == "approach_first" and "never stated an approach" in text:
                plans = [t.text for t in turns if APPROACH.search(t.text) and _statement(t.text)
                         and len(t.text.split()) >= 5]
                if plans:
                    out.append(f"{where}, but the candidate said {plans[0]!r}")
            if eid == "approach_first" and "before stating an approach" in text:
                plans = [t.text for t in _before_code(s) if APPROACH.search(t.text) and _statement(t.text)
                         and len(t.text.split()) >= 6]
                if plans:
                    out.append(f"{where}, but before any code the candidate said {plans[0]!r}")
            if eid == "explained" and "in silence" in text:
                window = _explaining_window(s)
                if window:
                    out.append(f"{where}, but while coding the candidate said {window[0]!r}")
            if eid == "ran_tests" and "never ran" in text:
                if any(isinstance(x, TestRunResult) and x.trigger in (RunTrigger.RUN, RunTrigger.SUBMIT)
                       for x in s.events):
                    out.append(f"{where}, but the candidate ran the tests")
            if eid in ("no_hints",) and met is True:
                if any(isinstance(x, HintGiven) for x in s.events):
                    out.append(f"{where}, but a hint was given")
            if eid == "algorithm_own" and "reveal" in text:
                if not any(isinstance(x, HintGiven) and x.level == "reveal" for x in s.events):
                    out.append(f"{where}, but no reveal was given")
            if eid == "algorithm_own" and met is True and e.get("at") is not None:
                hints = [x.t for x in s.events if isinstance(x, HintGiven)]
                if hints and e["at"] > min(hints):
                    out.append(f"{where}, but a hint came first, at {min(hints)}")
            if eid == "tests_pass" and (m := re.search(r"passes (\d+)/(\d+)", text)):
                runs = [x for x in s.events if isinstance(x, TestRunResult)]
                if not runs or (runs[-1].passed, runs[-1].total) != (int(m.group(1)), int(m.group(2))):
                    out.append(f"{where}, but the last run was "
                               f"{(runs[-1].passed, runs[-1].total) if runs else 'never'}")
            if eid == "time_to_code" and (m := re.search(r"came (\d+):(\d\d) into", text)):
                first = _first_code_seq(s)
                at = s.events[first].t if first is not None else None
                if at is None or abs(int(m.group(1)) * 60 + int(m.group(2)) - at) > 1:
                    out.append(f"{where}, but the first code came at {at}")
    return out


def _explaining_window(s: Session) -> list[str]:
    """What the candidate said while the code was being written: after a change to the code and
    before the run that followed it (a walk through the finished code aside)."""
    out: list[str] = []
    changed, last = False, None
    starters = {spec.starter.strip() for spec in s.problem.languages.values()}
    for e in s.events:
        if isinstance(e, CodeSnapshot):
            if e.code != last and e.code.strip() and e.code.strip() not in starters:
                changed = True
            last = e.code
        elif isinstance(e, TestRunResult):
            changed = False
        elif isinstance(e, CandidateSaid) and changed and len(e.text.split()) >= 4 and not TRACE.search(e.text) \
                and not re.search(r"\b(done|finished|submit|hint|answer|solution|that'?s it|run it|let me run|"
                                  r"what you said)\b",
                                  e.text, re.I):
            out.append(e.text)
    return out


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_claim_in_the_report_is_contradicted_by_the_transcript(path):
    session = scripted_session.run(path)
    found = _contradictions(session)
    assert not found, "\n".join(found)


def test_the_scripted_sessions_are_many_and_varied():
    assert len(SCRIPTS) >= 40
    problems = {scripted_session.header(p).get("problem", "two-sum") for p in SCRIPTS}
    assert len(problems) >= 15, problems
