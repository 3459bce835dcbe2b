"""A session put together: the engine given its ports (the store's event log, the sandbox, the
assessment), for a new interview or one resumed from the store.

This is the one place that chooses the infrastructure of an interview; the engine only uses what
it is given (`intervu_cli.engine.ports`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from intervu_cli.core.events import Event
from intervu_cli.engine import llm as llm_mod
from intervu_cli.engine import policy
from intervu_cli.engine.clock import Clock
from intervu_cli.engine.interview import Interview
from intervu_cli.engine.ports import TestRunner
from intervu_cli.engine.state import SessionState
from intervu_cli.problems import Problem
from intervu_cli.sandbox import DEFAULT_TIMEOUT_S, RunResult, node_path, run_code
from intervu_cli.store import Store

if TYPE_CHECKING:
    from intervu_cli.session.driver import VoiceKit


def cannot_run(language: str) -> str | None:
    """Why code in `language` cannot run on this machine (None: it can)."""
    if language == "javascript" and node_path() is None:
        return "JavaScript needs Node.js, which is not installed"
    return None


def sandbox_runner(timeout_s: float = DEFAULT_TIMEOUT_S) -> TestRunner:
    """The sandbox, with the user's wall-clock limit."""

    def run(problem: Problem, language: str, code: str, hidden: bool) -> RunResult:
        return run_code(problem, language, code, hidden=hidden, timeout_s=timeout_s)

    return run


async def assess(problem: Problem, events: Sequence[Event], state: SessionState,
                 llm: llm_mod.LLMConfig | None) -> dict[str, Any]:
    """The five pillars scored from the session's events; an LLM, if there is one, writes the narrative."""
    from intervu_cli.assessment import narrative, scoring

    report = scoring.score(problem, list(events))
    if llm is not None:
        await narrative.narrate(llm, report, state, problem)
    return {**report.to_dict(), "ledger": state.ledger.summary()}  # what the interviewer knew, as it ended


def measure_growth(problem: Problem, language: str, code: str) -> dict[str, Any] | None:
    """The code timed on the problem's generated inputs of growing size (the sandbox's), as a dict;
    None when the problem has no generator or the language cannot run here."""
    from intervu_cli.sandbox.growth import GrowthError, measure

    if problem.scale is None or cannot_run(language):
        return None
    try:
        return measure(problem, language, code).to_dict()
    except GrowthError as exc:
        return {"language": language, "stopped": f"the problem's input generator failed: {exc}"}


def estimate_cost(code: str, language: str) -> str | None:
    """The static estimate of the code's time complexity (the assessment's), for the interviewer."""
    from intervu_cli.assessment.complexity import estimate_time

    return estimate_time(code, language).time


def _state(problem: Problem, session_id: str, language: str, minutes: int, model: str) -> SessionState:
    return SessionState(
        session_id=session_id, slug=problem.slug, language=language, minutes=minutes, model=model,
        starter=problem.languages[language].starter,
        starters={name: spec.starter for name, spec in problem.languages.items()},
        code=problem.languages[language].starter,
    )


def new_interview(problem: Problem, store: Store, clock: Clock, *, language: str = "python", minutes: int = 45,
                  llm: llm_mod.LLMConfig | None = None, model_label: str = "none", runner: TestRunner | None = None,
                  cfg: policy.PolicyConfig = policy.PolicyConfig(), audio: dict[str, Any] | None = None) -> Interview:
    """A new session in the store, and its interview. `audio`: how it is run (spoken or not, and the
    audio options given), kept with the session so that resuming it runs it the same way."""
    session_id = store.create_session(problem.slug, problem.title, language, model_label, minutes, audio=audio)
    state = _state(problem, session_id, language, minutes, model_label)
    return Interview(problem, store.log(session_id), clock, state, runner=runner or sandbox_runner(), assess=assess,
                     llm=llm, cfg=cfg, estimate=estimate_cost, measure=measure_growth)


def resume_interview(problem: Problem, store: Store, session_id: str, clock_factory: Callable[[float], Clock], *,
                     llm: llm_mod.LLMConfig | None = None, model_label: str = "none",
                     runner: TestRunner | None = None, cfg: policy.PolicyConfig = policy.PolicyConfig()) -> Interview:
    """A stored session, its state rebuilt by replaying its events, its clock where it stopped; this
    process its one writer (`Store.claim`: SessionBusy while another intervu has it open)."""
    row = store.session(session_id)
    if row is None:
        raise KeyError(session_id)
    store.claim(row.id)  # before anything is written to it
    state = _state(problem, row.id, row.language, row.minutes, row.model)
    log = store.log(row.id)
    for event in log.events():
        state.apply(event)
    state.model = model_label
    store.set_model(row.id, model_label)
    return Interview(problem, log, clock_factory(row.clock_s), state, runner=runner or sandbox_runner(),
                     assess=assess, llm=llm, cfg=cfg, resumed=True, estimate=estimate_cost,
                     measure=measure_growth)


def open_voice_kit(*, input_device: str | None, output_device: str | None, tts_voice: str | None,
                   tts_rate: int | None, backchannel_ms: int,
                   open_ears: Callable[[], Any]) -> tuple[VoiceKit, str | None]:
    """Everything a spoken interview needs, opened and working, and the recognizer's notice; or
    AudioError / TTSError saying what to do, with nothing left open. The TTS worker and a look at
    the speaker come first (cheap, so a wrong voice or speaker fails before the speech model
    loads), then what hears (`open_ears()`: a `voice.listening.ears.Ears`), the microphone, the
    speaker's stream (opened last: it plays silence from then on, and a long model load would make
    it underrun) and the duplex listener over them."""
    from intervu_cli.session.driver import VoiceKit
    from intervu_cli.voice.audio.capture import Microphone
    from intervu_cli.voice.audio.devices import output_device as find_output, quiet_alsa
    from intervu_cli.voice.audio.playback import RATE as OUT_RATE
    from intervu_cli.voice.audio.playback import Player
    from intervu_cli.voice.duplex.echo import BargeInConfig
    from intervu_cli.voice.duplex.listener import DuplexListener
    from intervu_cli.voice.speaking.tts import TTSWorker

    quiet_alsa()
    kit = VoiceKit()
    mic = ears = None
    try:
        kit.tts = TTSWorker(kit.deliver, kit.is_current, lambda gen: kit.player.backlog(gen),
                            voice=tts_voice, rate_wpm=tts_rate, out_rate=OUT_RATE)
        find_output(output_device)
        ears = open_ears()
        notice = ears.notice
        mic = Microphone(input_device)
        kit.player = Player(output_device)
        kit.duplex = DuplexListener(mic, ears.recognizer, kit.player,
                                    barge=BargeInConfig(backchannel_ms=backchannel_ms),
                                    speech=ears.speech, judge=ears.judge)
    except BaseException:
        if kit.duplex is None:
            for thing in (mic, ears):
                if thing is not None:
                    thing.close()
        kit.close()
        raise
    return kit, notice
