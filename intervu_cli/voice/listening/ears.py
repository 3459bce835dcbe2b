"""Everything that hears the candidate, chosen from what is installed, in one place for the spoken
interview, `intervu listen` and the benchmark alike:

- the streaming recognizer (Vosk when a model is installed, else pocketsphinx) for partials;
- Whisper base for the final transcript of each turn, when downloaded (`intervu models download
  whisper-base`), biased toward the interview's words;
- Silero VAD to tell speech from noise (always: it ships in its wheel);
- the turn judge, with smart-turn's prosody when downloaded (`intervu models download
  smart-turn-v3.2`) and Whisper's words when there.

Nothing here prints; `notice` is a line for the user when a better model could be had.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intervu_cli.voice.listening.stt import open_recognizer

WHISPER_NOTICE = (
    "Speech recognition: pocketsphinx (built in, less accurate); for much better accuracy run "
    "`intervu models download whisper-base` (about 140 MB)."
)


@dataclass
class Ears:
    recognizer: Any
    speech: Any = None  # prosody.SpeechProbability, or None (webrtcvad)
    judge: Any = None  # turns.TurnJudge
    notice: str | None = None
    engines: str = ""  # what hears, in words: "pocketsphinx + whisper base; turns: silero, smart-turn, words"

    def close(self) -> None:
        if self.judge is not None:
            self.judge.close()
        self.recognizer.close()


@dataclass(frozen=True)
class EarsPlan:
    """What `open_ears` will hear with, chosen before anything loads (`intervu doctor` shows it)."""

    vosk_model: Path | None  # the streaming recognizer: Vosk on this folder; None: pocketsphinx
    whisper_model: Path | None  # Whisper for the finals, or None
    smart_turn_model: Path | None  # smart-turn for the turn judge, or None

    @property
    def streaming(self) -> str:
        return "vosk" if self.vosk_model is not None else "pocketsphinx"


def plan_ears(vosk_model: Path | None = None, *, whisper_model: Path | None = None,
              smart_turn_model: Path | None = None, find: bool = True) -> EarsPlan:
    """The one choice of what hears: the paths given, and what is installed for the rest (`find`).
    Loads nothing; never raises."""
    from intervu_cli.voice.listening import models

    if find:
        whisper_model = whisper_model or models.find_whisper_model()
        smart_turn_model = smart_turn_model or models.find_smart_turn_model()
    return EarsPlan(vosk_model, whisper_model, smart_turn_model)


def open_ears(vosk_model: Path | None = None, *, vocabulary: str | None = None, live: bool = True,
              whisper_model: Path | None = None, smart_turn_model: Path | None = None,
              find: bool = True) -> Ears:
    """The recognizer, VAD and turn judge from what is installed (`find`), or from the paths given
    (`plan_ears`). ValueError (one line) for a Vosk folder that is not a model, as `open_recognizer`."""
    streaming, notice = open_recognizer(vosk_model)
    plan = plan_ears(vosk_model, whisper_model=whisper_model, smart_turn_model=smart_turn_model, find=find)
    whisper_model, smart_turn_model = plan.whisper_model, plan.smart_turn_model
    parts = [streaming.name]
    whisper = prosody = speech = None
    recognizer = streaming
    if whisper_model is not None:
        from intervu_cli.voice.listening.stt import WhisperRecognizer
        from intervu_cli.voice.listening.whisper import INTERVIEW_WORDS, Whisper

        try:
            whisper = Whisper(Path(whisper_model), threads=1)
        except (ValueError, ImportError, RuntimeError, OSError) as exc:
            notice = f"Whisper could not load ({exc}); {notice or 'using ' + streaming.name}"
        else:
            words = INTERVIEW_WORDS + (" " + vocabulary if vocabulary else "")
            vocabulary = words
            recognizer = WhisperRecognizer(whisper, streaming, words)
            parts.append("whisper base")
            notice = None
    elif streaming.name == "pocketsphinx":
        notice = WHISPER_NOTICE
    if smart_turn_model is not None:
        from intervu_cli.voice.listening.prosody import TurnEnd

        try:
            prosody = TurnEnd(Path(smart_turn_model))
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own types; the turn judge does without
            notice = (notice + " " if notice else "") + f"(smart-turn could not load: {type(exc).__name__})"
    try:
        from intervu_cli.voice.listening.prosody import SpeechProbability

        speech = SpeechProbability()
    except ImportError:
        speech = None
    from intervu_cli.voice.listening.turns import TurnJudge

    judge = TurnJudge(prosody, whisper, vocabulary if whisper is not None else None, live=live)
    turns = ["silero" if speech is not None else "webrtcvad"] + (["smart-turn"] if prosody else []) + \
        (["words"] if whisper else [])
    return Ears(recognizer, speech, judge, notice, " + ".join(parts) + "; turns: " + ", ".join(turns))
