"""The audio device layer: finding an output device by number or name, and keeping ALSA's own
chatter off the terminal."""

from __future__ import annotations

import sys

from intervu_cli.voice.audio.capture import AudioError, _device_arg, _no_input

_alsa_handler = None


def quiet_alsa() -> None:
    """ALSA's library prints its own warnings ("underrun occurred") straight onto stderr, in the
    middle of the interview; intervu counts and reports what matters itself, so they are dropped."""
    global _alsa_handler
    if _alsa_handler is not None or not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("asound") or "libasound.so.2")
        handler_t = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                     ctypes.c_char_p)
        _alsa_handler = handler_t(lambda *args: None)
        lib.snd_lib_error_set_handler(_alsa_handler)
    except (OSError, AttributeError):  # no ALSA here: nothing to quiet
        _alsa_handler = False


def sounddevice():
    """The sounddevice module, or AudioError when PortAudio itself is missing."""
    try:
        import sounddevice as sd
    except OSError as exc:
        raise AudioError(f"cannot use audio here ({exc}); install PortAudio (Debian: libportaudio2)") from None
    return sd


def _query(device: str | int | None, kind: str, missing) -> tuple[str | int | None, dict]:
    sd = sounddevice()
    wanted = _device_arg(device)
    try:
        return wanted, dict(sd.query_devices(wanted, kind))
    except (ValueError, sd.PortAudioError) as exc:
        raise AudioError(missing(wanted, exc)) from None


def input_device(device: str | int | None) -> tuple[str | int | None, dict]:
    """The input device, as `output_device` finds an output one: a command that will open the
    microphone only after slow loading (the voice bench: models, litellm) asks this first."""
    return _query(device, "input", _no_input)


def _no_output(wanted, exc) -> str:
    which = f"output device {wanted!r}" if wanted is not None else "a default output device"
    return f"cannot find {which} ({exc}); list them with `intervu devices`, or pick one with --speaker"


def output_device(device: str | int | None) -> tuple[str | int | None, dict]:
    """The output device (by number or name; None: the default) and what PortAudio says of it, or
    AudioError with what to do. Cheap: no stream is opened."""
    return _query(device, "output", _no_output)
