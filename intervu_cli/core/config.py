"""Where intervu keeps its things, and the user's settings.

INTERVU_HOME, when set, holds everything (data and config.toml); otherwise the platform's user
data and config directories (platformdirs). Settings come from, in order of precedence: command
line options, INTERVU_* environment variables, the config file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP = "intervu"
KEYS = {"model": str, "api_base": str, "api_key": str, "language": str, "minutes": int, "problems_dir": (str, list),
        "run_timeout": (int, float), "input_device": (str, int), "output_device": (str, int), "tts_voice": str,
        "tts_rate": int, "backchannel_ms": int, "theme": str}
TTS_RATES = (80, 500)  # words per minute eSpeak NG can say intelligibly
BACKCHANNEL_MS = (0, 3000)


class ConfigError(Exception):
    pass


def data_dir() -> Path:
    home = os.environ.get("INTERVU_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    home = os.environ.get("INTERVU_HOME")
    if home:
        return Path(home).expanduser() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def db_path() -> Path:
    return data_dir() / "sessions.sqlite3"


@dataclass
class Settings:
    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    language: str = "python"
    minutes: int = 45
    run_timeout: float = 5.0  # the sandbox's wall-clock limit per run, in seconds
    input_device: str | None = None  # the microphone, by number or name (default: the system's)
    output_device: str | None = None  # the speaker, by number or name (default: the system's)
    tts_voice: str | None = None  # a pyttsx3 voice, by id or name (`intervu say --voices`)
    tts_rate: int | None = None  # words per minute (default: the synthesizer's, 185)
    backchannel_ms: int = 400  # shorter speech over the interviewer ("mm-hmm") does not interrupt it
    theme: str = "dark"  # the full-screen app's: dark or light (Ctrl+T switches for the session)
    problems_dirs: list[Path] = field(default_factory=list)
    model_source: str = ""  # where the model came from: option, env, config


def _read_file(path: Path) -> dict[str, Any]:
    from intervu_cli.core.files import CONFIG_LIMIT, FileLimitError, load_toml

    try:
        data = load_toml(path, "config file", CONFIG_LIMIT)
    except FileNotFoundError:
        return {}
    except FileLimitError as exc:
        raise ConfigError(exc.with_advice("fix or remove it")) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not a valid config file ({exc}); fix or remove it") from None
    for key, value in data.items():
        kind = KEYS.get(key)
        if kind is None:
            raise ConfigError(f"{path}: unknown setting {key!r}; known settings are {', '.join(KEYS)}")
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, (int, float))):
            raise ConfigError(f"{path}: {key} has the wrong type ({type(value).__name__})")
    return data


# The option that sets each setting, on the commands that have it.
OPTIONS = {"run_timeout": "--timeout", "tts_rate": "--rate", "backchannel_ms": "--backchannel-ms",
           "tts_voice": "--voice"}


def _named(sources: dict[str, str], key: str) -> str:
    """Where a bad value came from, as the user can find and change it: the option only when it was
    given on this command line (every command loads the settings, and most have no such option), else
    the variable, else the config file's key."""
    source = sources.get(key)
    if source == "option":
        return OPTIONS.get(key, key)
    if source == "env":
        return f"INTERVU_{key.upper()}"
    return f"{key} in {config_path()}"


def load_settings(**options: Any) -> Settings:
    """Merge the config file, INTERVU_* variables and non-None `options`."""
    s = Settings()
    layers: list[tuple[str, dict[str, Any]]] = [("config", _read_file(config_path()))]
    env: dict[str, Any] = {}
    for key in ("model", "api_base", "api_key", "language", "input_device", "output_device", "tts_voice", "theme"):
        if os.environ.get(f"INTERVU_{key.upper()}"):
            env[key] = os.environ[f"INTERVU_{key.upper()}"]
    if os.environ.get("INTERVU_MINUTES"):
        try:
            env["minutes"] = int(os.environ["INTERVU_MINUTES"])
        except ValueError:
            raise ConfigError("INTERVU_MINUTES must be a whole number of minutes") from None
    if os.environ.get("INTERVU_RUN_TIMEOUT"):
        try:
            env["run_timeout"] = float(os.environ["INTERVU_RUN_TIMEOUT"])
        except ValueError:
            raise ConfigError("INTERVU_RUN_TIMEOUT must be a number of seconds") from None
    for key, what in (("tts_rate", "words per minute"), ("backchannel_ms", "milliseconds")):
        name = f"INTERVU_{key.upper()}"
        if os.environ.get(name):
            try:
                env[key] = int(os.environ[name])
            except ValueError:
                raise ConfigError(f"{name} must be a whole number of {what}") from None
    layers.append(("env", env))
    layers.append(("option", {k: v for k, v in options.items() if v is not None}))
    sources: dict[str, str] = {}
    for source, layer in layers:
        for key, value in layer.items():
            sources[key] = source
            if key == "problems_dir":
                values = value if isinstance(value, list) else [value]
                s.problems_dirs.extend(Path(str(v)).expanduser() for v in values)
            elif key == "model":
                s.model, s.model_source = value, source
            elif key in ("input_device", "output_device"):
                setattr(s, key, str(value))
            else:
                setattr(s, key, value)
    if s.language not in ("python", "javascript"):
        raise ConfigError(f"unknown language {s.language!r}: use python or javascript")
    if s.theme not in ("dark", "light"):
        raise ConfigError(f"unknown theme {s.theme!r}: use dark or light")
    if not 1 <= int(s.minutes) <= 240:
        raise ConfigError("minutes must be between 1 and 240")
    if not 0 < float(s.run_timeout) <= 120:  # (NaN too: it compares false)
        raise ConfigError(f"the time limit of a run ({_named(sources, 'run_timeout')}) must be more than "
                          "0 and at most 120 seconds")
    s.run_timeout = float(s.run_timeout)
    if s.tts_rate is not None and not TTS_RATES[0] <= int(s.tts_rate) <= TTS_RATES[1]:
        raise ConfigError(f"the speaking rate ({_named(sources, 'tts_rate')}) must be between {TTS_RATES[0]} and "
                          f"{TTS_RATES[1]} words per minute")
    if not BACKCHANNEL_MS[0] <= int(s.backchannel_ms) <= BACKCHANNEL_MS[1]:
        raise ConfigError(f"the backchannel ({_named(sources, 'backchannel_ms')}) must be between "
                          f"{BACKCHANNEL_MS[0]} and {BACKCHANNEL_MS[1]} milliseconds")
    if s.tts_voice is not None and not str(s.tts_voice).strip():
        raise ConfigError(f"the voice ({_named(sources, 'tts_voice')}) must name one (`intervu say --voices` lists "
                          "them)")
    return s
