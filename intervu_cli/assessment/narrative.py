"""The feedback's narrative, written by the LLM when there is one.

The scores come from the evidence (scoring.py) and the LLM cannot decide them: it writes the
narrative, and may move a pillar by one point, up or down, if it gives a reason drawn from the
session. Anything else it says about scores is ignored; if it fails, is slow, or answers with
something unreadable, the template narrative stays.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from intervu_cli.engine import llm as llm_mod
from intervu_cli.assessment.report import PILLARS, Report, apply_adjustments
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem

TIMEOUT_S = 45.0
TRANSCRIPT_TURNS = 40
CODE_CHARS = 3000
NARRATIVE_CHARS = 1500

SYSTEM = (
    """You are the interviewer of a mock coding interview that has just ended, writing the candidate's feedback.
The five pillar scores below were computed from evidence in the session, and they stand. You may move
any pillar by one point (+1 or -1) only if the transcript shows something the evidence missed; give
the reason, quoting or citing the session. Never move a pillar by more than one point.

Reply with one JSON object and nothing else:
{"narrative": "<3 to 5 sentences to the candidate, second person: what went well, the one thing to fix first, """
    """and how to practise it>",
 "adjustments": [{"pillar": "<one of: algorithms, coding, problem_solving, """
    """verification, communication>", "delta": 1 or -1, "reason": "<why>"}]}
Use an empty list when no score should move."""
)


def build_messages(report: Report, state: SessionState, problem: Problem) -> list[dict[str, str]]:
    scores = []
    for name in PILLARS:
        p = report.pillars[name]
        lines = "; ".join(f"{e.text} ({e.points:+g})" for e in p.evidence)
        scores.append(f"- {name}: {p.score}/10. Evidence: {lines}")
    transcript = "\n".join(
        f"[{int(t.t // 60)}:{int(t.t % 60):02d}] {'Candidate' if t.role == 'candidate' else 'Interviewer'}: {t.text}"
        for t in state.conversation[-TRANSCRIPT_TURNS:]
    )
    code = state.code if len(state.code) <= CODE_CHARS else state.code[:CODE_CHARS] + "\n... (truncated)"
    user = (
        f"Problem: {problem.title} ({problem.difficulty}); expected complexity {problem.complexity_time} time, "
        f"{problem.complexity_space} space.\n"
        f"Signal by the rule: {report.signal} ({report.signal_why}).\n"
        f"Time coding {report.time_coding_s:.0f} s, testing {report.time_testing_s:.0f} s. "
        f"Hints: {', '.join(h['level'] + ' (' + h['reason'] + ')' for h in report.hints) or 'none'}.\n\n"
        "Scores and evidence:\n" + "\n".join(scores) + "\n\n"
        f"Final code ({state.language}):\n{code}\n\nTranscript (latest turns):\n{transcript}"
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def parse(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The narrative and the adjustments from the LLM's answer. Not JSON: the prose is the
    narrative, nothing moves."""
    text = text.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    body = fenced.group(1) if fenced else text
    start, end = body.find("{"), body.rfind("}")
    data = None
    if start != -1 and end > start:
        try:
            data = json.loads(body[start : end + 1])
        except json.JSONDecodeError:
            data = None
    if not isinstance(data, dict):
        return _tidy(text), []
    story = data.get("narrative")
    adjustments = data.get("adjustments")
    story = _tidy(story) if isinstance(story, str) else ""
    if not isinstance(adjustments, list):
        adjustments = []
    return story, [a for a in adjustments if isinstance(a, dict)]


def _tidy(text: str) -> str:
    text = " ".join(text.replace("```", "").split())
    return text[:NARRATIVE_CHARS].rstrip() + ("\u2026" if len(text) > NARRATIVE_CHARS else "")


async def narrate(cfg: llm_mod.LLMConfig, report: Report, state: SessionState, problem: Problem) -> bool:
    """Ask the LLM for the narrative; apply it to `report` (and its one-point adjustments).
    False (and the report unchanged) when the LLM failed, was slow or said nothing usable."""
    pieces: list[str] = []
    stream = llm_mod.stream_completion(cfg, build_messages(report, state, problem))

    async def collect() -> None:
        async for piece in stream:
            pieces.append(piece)

    try:
        await llm_mod._within(collect(), TIMEOUT_S)
    except (llm_mod.LLMError, asyncio.TimeoutError):
        return False
    finally:
        await stream.aclose()
    story, adjustments = parse("".join(pieces))
    if not story:
        return False
    report.narrative, report.narrative_source = story, "llm"
    apply_adjustments(report, adjustments)
    return True
