"""Showing the feedback: in the terminal (Rich), as Markdown (the app's last screen and
`intervu report --markdown`, which adds the transcript and the code's timeline), and the history's
trend."""

from __future__ import annotations

import difflib
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from intervu_cli.core.events import (
    CandidateSaid,
    CodeSnapshot,
    Event,
    HintGiven,
    InterviewEnded,
    InterviewerSaid,
    Notice,
    PhaseChanged,
    TestRunResult,
)
from intervu_cli.core.visible import visible
from intervu_cli.assessment.report import DRILLS, PILLAR_NAMES, PILLARS, WEIGHTS, mmss

SIGNAL_STYLE = {"Strong Hire": "bold green", "Hire": "green", "Lean No Hire": "yellow", "No Hire": "bold red"}
SPARK = "▁▂▃▄▅▆▇█"


def bar(score: int) -> str:
    return "█" * score + "░" * (10 - score)


def _shown(text: str) -> str:
    """Words from the session (the candidate's quoted, the model's narrative) safe to print as Rich
    markup: control characters made visible (core.visible), [tags] escaped."""
    return escape(visible(str(text)))


def _mark(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "·"}[met]


def _adjusted(p: dict[str, Any]) -> str:
    adj = p.get("adjustment")
    return f" ({adj['delta']:+d} by the interviewer: {adj['reason']})" if adj else ""


def _hints(report: dict[str, Any]) -> str:
    return ", ".join(f"{h['level']} ({h['reason'].replace('_', ' ')}) at {mmss(h['t'])}"
                     for h in report["hints"]) or "none"


def _tests(report: dict[str, Any]) -> str:
    final = report["tests"].get("final")
    if not final:
        return "never run"
    scope = "with the hidden ones" if final["hidden"] else "visible only"
    return f"{final['passed']}/{final['total']} {scope}"


# --- the terminal ---------------------------------------------------------------------------------


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    """The feedback in the terminal: one block per pillar, its evidence under it (narrow terminals
    wrap it readably)."""
    c = console or Console(highlight=False, soft_wrap=True)
    style = SIGNAL_STYLE.get(report["signal"], "bold")
    provisional = "" if report.get("ended", True) else " [dim](the interview is not over: provisional)[/]"
    c.print(f"[bold]Feedback · {_shown(report['title'])}:[/] [{style}]{report['signal']}[/]{provisional}")
    c.print(f"[dim]{_shown(report['signal_why'])}[/]")
    for name in PILLARS:
        p = report["pillars"][name]
        weight = " [dim](×1.5)[/]" if WEIGHTS[name] != 1 else ""
        c.print(f"[bold]{PILLAR_NAMES[name]:<16}[/] {p['score']:>2}/10 {bar(p['score'])}{weight}")
        for e in p["evidence"]:
            colour = {True: "green", False: "red", None: "dim"}[e["met"]]
            c.print(f"  [{colour}]{_mark(e['met'])}[/] {_shown(e['text'])} [dim]({e['points']:+g})[/]")
        if p.get("adjustment"):
            c.print(f"  [magenta]{p['adjustment']['delta']:+d} by the interviewer: "
                    f"{_shown(p['adjustment']['reason'])}[/]")
    c.print(f"Time: {mmss(report['time_coding_s'])} coding, {mmss(report['time_testing_s'])} testing · "
            f"tests: {_tests(report)} · hints: {_shown(_hints(report))}")
    if report.get("narrative"):
        who = "from the interviewer" if report.get("narrative_source") == "llm" else "summary"
        c.print(f"[bold]In short[/] [dim]({who})[/]: {_shown(report['narrative'])}")
    if report.get("drill"):
        c.print(f"[bold]Drill[/] ({PILLAR_NAMES[report['weakest']].lower()}): {_shown(report['drill'])}")


# --- Markdown -------------------------------------------------------------------------------------


def summary_markdown(report: dict[str, Any]) -> list[str]:
    """The signal's reason, the five scores, the narrative and the drill (the signal itself goes in
    the heading above them)."""
    lines = []
    if not report.get("ended", True):
        lines += ["*The interview is not over: these scores are provisional.*", ""]
    lines += [f"*{report['signal_why'].rstrip('.')}.*", "", "| Pillar | Score | |", "|---|---|---|"]
    for name in PILLARS:
        p = report["pillars"][name]
        lines.append(f"| {PILLAR_NAMES[name]}{' (×1.5)' if WEIGHTS[name] != 1 else ''} | {p['score']}/10 | "
                     f"`{bar(p['score'])}` |")
    lines.append("")
    if report.get("narrative"):
        lines += [report["narrative"], ""]
    if report.get("drill"):
        lines += [f"**Drill ({PILLAR_NAMES[report['weakest']].lower()}):** {report['drill']}", ""]
    return lines


def details_markdown(report: dict[str, Any], heading: str = "##") -> list[str]:
    """Each pillar's evidence with its points, then the session's figures."""
    h = heading
    lines: list[str] = []
    for name in PILLARS:
        p = report["pillars"][name]
        lines += [f"{h} {PILLAR_NAMES[name]}: {p['score']}/10{_adjusted(p)}", ""]
        lines += [f"- {_mark(e['met'])} {e['text']} ({e['points']:+g})" for e in p["evidence"]]
        lines.append("")
    lines += [
        f"{h} The session",
        "",
        f"- **Time:** {mmss(report['time_coding_s'])} coding, {mmss(report['time_testing_s'])} testing, "
        f"{mmss(report['duration_s'])} in all.",
        f"- **Tests:** {_tests(report)}; you ran them {report['tests']['candidate_runs']} time(s).",
        f"- **Hints:** {_hints(report)}.",
    ]
    cx = report.get("complexity", {})
    if cx:
        said = ", ".join(x for x in (cx.get("stated_time") and f"{cx['stated_time']} time",
                                     cx.get("stated_space") and f"{cx['stated_space']} space") if x) or "nothing"
        measured = cx.get("measured") or {}
        code = cx.get("code_time") or "could not be told"
        if measured.get("band") and measured.get("figures"):
            code += f" (timed {measured['figures']})"
        lines.append(f"- **Complexity:** expected {cx['expected_time']} time, {cx['expected_space']} space; "
                     f"your code {code}; you said {said}.")
    lines.append("")
    return lines


def report_markdown(report: dict[str, Any], *, heading: str = "#") -> list[str]:
    """The whole feedback: signal, scores, narrative, drill, then the evidence and the figures."""
    return [f"{heading} Feedback: {report['signal']}", "", *summary_markdown(report),
            *details_markdown(report, heading + "#")]


def session_markdown(row: Any, report: dict[str, Any], events: list[Event]) -> str:
    """`intervu report ID --markdown`: the feedback, the transcript and the code's timeline."""
    lines = [f"# {report['title']}: mock interview {row.id}", "",
             f"*{row.language} · started {row.started_at.replace('T', ' ')[:16]} UTC · model {row.model} · "
             f"{row.status.replace('_', ' ')}*", ""]
    lines += report_markdown(report, heading="##")
    lines += ["## Transcript", ""]
    for e in events:
        at = f"`{mmss(e.t)}`"
        if isinstance(e, CandidateSaid):
            lines.append(f"{at} **You:** {e.text}  ")
        elif isinstance(e, InterviewerSaid):
            cut = " *(cut off)*" if e.cut_off else ""
            lines.append(f"{at} **Interviewer:** {e.text}{cut}  ")
        elif isinstance(e, TestRunResult):
            lines.append(f"{at} *Tests ({'all' if e.hidden else 'visible'}): {e.summary}*  ")
        elif isinstance(e, HintGiven):
            lines.append(f"{at} *Hint given: {e.level} ({e.reason.replace('_', ' ')})*  ")
        elif isinstance(e, PhaseChanged):
            lines.append(f"{at} *Phase: {e.new}*  ")
        elif isinstance(e, Notice) and e.level == "warning":
            lines.append(f"{at} *{e.text}*  ")
        elif isinstance(e, InterviewEnded):
            lines.append(f"{at} *Interview over ({e.reason.replace('_', ' ')}).*  ")
    lines += ["", "## The code, as it grew", ""]
    lines += code_timeline(events)
    return "\n".join(lines).rstrip() + "\n"


def code_timeline(events: list[Event]) -> list[str]:
    """Each change to the code as a diff against the one before (with the test runs between),
    then the final code whole."""
    lines: list[str] = []
    previous = ""  # the first edit shows whole, as all added
    language = None
    final = None
    for e in events:
        if isinstance(e, CodeSnapshot):
            if language is None:
                language = e.language
            if e.language != language:
                lines += [f"**{mmss(e.t)}** switched to {e.language}.", ""]
                language, previous, final = e.language, e.code, e
                continue
            if e.code == previous:
                continue
            diff = list(difflib.unified_diff(previous.splitlines(), e.code.splitlines(), lineterm="", n=1))[2:]
            added = sum(1 for d in diff if d.startswith("+"))
            removed = sum(1 for d in diff if d.startswith("-"))
            lines += [f"**{mmss(e.t)}** +{added} −{removed} lines", "", "```diff", *diff, "```", ""]
            previous, final = e.code, e
        elif isinstance(e, TestRunResult) and final is not None:
            lines += [f"**{mmss(e.t)}** tests ({'all' if e.hidden else 'visible'}): {e.summary}", ""]
    if final is None:
        return ["No code was written.", ""]
    fence = "javascript" if final.language == "javascript" else "python"
    return lines + [f"**Final code** ({final.language}):", "", f"```{fence}", final.code.rstrip(), "```", ""]


# --- history --------------------------------------------------------------------------------------


def spark(values: list[int]) -> str:
    return "".join(SPARK[max(0, min(7, round((v - 1) / 9 * 7)))] for v in values)


def trend(reports: list[dict[str, Any]], window: int = 5) -> dict[str, Any]:
    """From scored sessions, oldest first: each pillar's scores, the weakest pillar over the last
    `window` sessions, and a drill for what it missed most often."""
    if not reports:
        return {}
    recent = reports[-window:]
    means = {p: sum(r["pillars"][p]["score"] for r in recent) / len(recent) for p in PILLARS}
    weakest = min(PILLARS, key=lambda p: (round(means[p], 2), -WEIGHTS[p], PILLARS.index(p)))
    missed: dict[str, int] = {}
    for r in recent:
        for e in r["pillars"][weakest]["evidence"]:
            if e["met"] is False and e["id"] in DRILLS:
                missed[e["id"]] = missed.get(e["id"], 0) + 1
    if missed:
        top = max(missed, key=lambda k: (missed[k], -list(DRILLS).index(k)))
        drill = DRILLS[top]
    else:
        top, drill = None, ("Nothing was missed in these sessions: move up to a harder problem "
                            "(`intervu problems --difficulty medium`).")
    return {
        "sessions": len(reports),
        "window": len(recent),
        "scores": {p: [r["pillars"][p]["score"] for r in reports] for p in PILLARS},
        "weighted": [r["weighted"] for r in reports],
        "signals": [r["signal"] for r in reports],
        "means": {p: round(m, 1) for p, m in means.items()},
        "weakest": weakest,
        "missed_most": top,
        "missed_count": missed.get(top, 0) if top else 0,
        "drill": drill,
    }


def print_trend(t: dict[str, Any], console: Console) -> None:
    c = console
    n = t["sessions"]
    c.print(f"[bold]Trend[/] over {n} scored session{'s' if n != 1 else ''} (oldest → newest):")
    table = Table(box=None, padding=(0, 1), show_header=False)
    for name in PILLARS:
        scores = t["scores"][name]
        change = scores[-1] - scores[0]
        arrow = "→" if change == 0 else ("↑" if change > 0 else "↓")
        table.add_row(f"  {PILLAR_NAMES[name]}", spark(scores), " ".join(str(s) for s in scores[-8:]),
                      f"{arrow} {change:+d}" if n > 1 else "")
    c.print(table)
    c.print(f"  Signals: {' → '.join(t['signals'][-8:])}")
    w = t["weakest"]
    why = (f"; missed most: {t['missed_most'].replace('_', ' ')} ({t['missed_count']} of {t['window']})"
           if t["missed_most"] else "")
    c.print(f"[bold]Weakest pillar:[/] {PILLAR_NAMES[w].lower()}, {t['means'][w]:g}/10 on average over the last "
            f"{t['window']}{why}.")
    if t.get("drill"):
        c.print(f"[bold]Drill:[/] {_shown(t['drill'])}")
