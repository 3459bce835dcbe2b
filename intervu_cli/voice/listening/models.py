"""Speech models: which Vosk models intervu knows, where they live, downloading one, finding one.

Models live in ``data_dir()/models/NAME/`` (``$INTERVU_HOME/models`` when INTERVU_HOME is set).
A download streams ``NAME.zip`` into ``NAME.zip.part`` beside them, resumes a broken download
with an HTTP Range request, checks the size, the zip's sha256 against the one pinned in `KNOWN`,
the zip itself and the Vosk layout, unpacks into a hidden temporary folder beside and renames it
into place, then deletes the zip.

Environment variables:

``INTERVU_MODELS_URL``
    The base URL models are downloaded from; ``NAME.zip`` is fetched from ``$INTERVU_MODELS_URL/NAME.zip``.
    Default: https://alphacephei.com/vosk/models (the Vosk project's own site). Point it at a
    mirror, or at a local server (the tests do); a mirror's zips must have the pinned sha256 too.
``INTERVU_VOSK_MODEL``
    The folder of a Vosk model to use instead of the installed ones (``--vosk-model PATH`` wins over it).

Standard library only at module level; nothing here prints: the CLI (cli/models.py) draws the
progress bar from the callback `download_model` calls.

(About 600 lines: the registry, the layout rules, finding and downloading belong together; the
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
PREFIX = "vosk-model-"
CHUNK = 256 * 1024
TIMEOUT_S = 30.0
MB = 1_000_000


@dataclass(frozen=True)
class KnownModel:
    name: str
    language: str
    size_mb: int  # the zip, as the Vosk models page lists it (approximate)
    unpacked_mb: Optional[int]  # on disk once unpacked, where known
    about: str
    sha256: str  # the zip's, checked after every download (and after a resumed one) before unpacking
    size_bytes: Optional[int] = None  # the zip's exact size, checked after a download when known

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{64}", self.sha256):
            raise ValueError(f"{self.name}: sha256 must be 64 lower-case hex digits, not {self.sha256!r}")


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
    path = models_dir() / name
    return path if is_vosk_model(path) else None


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
    size: int = 0  # the zip's size


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


def _cannot(name: str, why: str, what_to_do: str = "check your connection") -> DownloadError:
    return DownloadError(f"cannot download {name} ({why}); {what_to_do}, "
                         "or pass --vosk-model PATH to use a model you already have")


def _content_range(value: Optional[str]) -> tuple[Optional[int], Optional[int]]:
    """'bytes 100-199/200' -> (100, 200); 'bytes */200' -> (None, 200)."""
    if not value or not value.strip().lower().startswith("bytes"):
        return None, None
    spec = value.strip()[5:].strip()
    span, _, total = spec.partition("/")
    start = span.split("-", 1)[0].strip()
    return (int(start) if start.isdigit() else None), (int(total) if total.strip().isdigit() else None)


def _open(name: str, url: str, offset: int):
    """GET the zip from `offset`: (response, start, total). start is where the body begins (0
    when the server ignored the Range); total is the whole zip's size, if the server said."""
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
            todo = f"check {ENV_BASE_URL}" if os.environ.get(ENV_BASE_URL) else "the server does not have it now"
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
        raise DownloadError(f"cannot unpack {name} into {target.parent} ({exc.strerror or exc}); "
                            "free some disk space or set INTERVU_HOME to a writable folder, then run again") from None
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


def download_model(name: str = DEFAULT_MODEL, progress: Optional[Progress] = None) -> DownloadResult:
    """Download, check and install a known model. Raises ModelError with a one-line message;
    a broken download leaves NAME.zip.part behind, and the next call resumes it."""
    model = check_known(name)
    root = models_dir()
    target = root / name
    if is_vosk_model(target):
        return DownloadResult(name, target, already_installed=True)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create {root} ({exc.strerror or exc}); "
                            "set INTERVU_HOME to a writable folder") from None
    with _models_lock(root) as mine:
        if not mine:
            raise DownloadError(f"another intervu is downloading a model into {root} right now; wait for it to finish")
        if is_vosk_model(target):  # another intervu finished it a moment ago
            return DownloadResult(name, target, already_installed=True)
        if target.exists():
            raise DownloadError(f"{target} exists but is not a Vosk model; remove it, then run again")
        part = root / f"{name}.zip.part"
        try:
            return _download_locked(model, root, target, progress or (lambda phase, done, total: None))
        finally:
            with contextlib.suppress(OSError):
                if part.stat().st_size == 0:  # nothing worth resuming
                    part.unlink()


def _download_locked(model: KnownModel, root: Path, target: Path, report: Progress) -> DownloadResult:
    from http.client import HTTPException

    name = model.name
    part = root / f"{name}.zip.part"
    zip_path = root / f"{name}.zip"
    _sweep(root, name)
    url = model_url(name)
    try:
        if zip_path.is_file() and not part.exists():  # downloaded whole before, never unpacked: check it again
            os.replace(zip_path, part)
        f = open(part, "ab")
    except OSError as exc:
        raise DownloadError(f"cannot write to {root} ({exc.strerror or exc}); "
                            "set INTERVU_HOME to a writable folder") from None
    with f:
        offset = part.stat().st_size
        result = DownloadResult(name, target, resumed_from=offset)
        response, start, total = _open(name, url, offset)
        if response is None:  # 416: the .part already holds everything past `offset`, or is stale
            if total is None or offset != total:
                f.truncate(0)
                result.resumed_from = offset = 0
                response, start, total = _open(name, url, 0)
        with (response or _Empty()) as r:
            if start != offset:  # the server ignored the Range (200 and the whole zip): start over
                if start != 0:
                    raise _cannot(name, f"the server answered a request for bytes {offset}- with bytes {start}-")
                f.truncate(0)
                result.resumed_from = offset = 0
            f.seek(0, os.SEEK_END)
            if total is not None:
                _check_space(name, root, total - offset, model)
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
                    raise DownloadError(f"the disk is full: {_mb(done)} of {name} kept in {part}; free some space, "
                                        "then run `intervu models download` again to resume") from None
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or type(exc).__name__)
                raise DownloadError(f"the download of {name} broke at {_mb(done)}"
                                    f"{' of ' + _mb(total) if total else ''} ({why}); it is kept: run "
                                    "`intervu models download` again to resume") from None
        f.flush()
        size = part.stat().st_size
    expected = total if total is not None else model.size_bytes
    if expected is not None and size < expected:
        raise DownloadError(f"the download of {name} stopped at {_mb(size)} of {_mb(expected)} (the connection "
                            "closed early); it is kept: run `intervu models download` again to resume")
    wrong = [n for n in (total, model.size_bytes) if n is not None and n != size]
    if wrong:
        part.unlink(missing_ok=True)
        raise DownloadError(f"the download of {name} is {size} bytes, not the expected {wrong[0]}; it was deleted, "
                            "run `intervu models download` again")
    report("verify", 0, None)
    _check_sha256(model, part)
    os.replace(part, zip_path)
    result.size = size
    try:
        top = _zip_top(name, zip_path)
    except DownloadError:
        zip_path.unlink(missing_ok=True)  # complete but bad: resuming it would not help
        raise
    _unpack(name, zip_path, top, target, report)  # fails (disk full, Ctrl+C): the zip stays for the next run
    zip_path.unlink(missing_ok=True)
    return result


def _check_sha256(model: KnownModel, part: Path) -> None:
    """The whole archive, resumed or not, must be the published one: a mismatch deletes it (resuming
    it would not help) and says what to do."""
    digest = hashlib.sha256()
    try:
        with open(part, "rb") as f:
            for block in iter(lambda: f.read(CHUNK), b""):
                digest.update(block)
    except OSError as exc:
        raise DownloadError(f"cannot read {part} ({exc.strerror or exc}); "
                            "run `intervu models download` again") from None
    got = digest.hexdigest()
    if got != model.sha256:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"the download of {model.name} is not the published archive (sha256 {got[:16]}..., expected "
            f"{model.sha256[:16]}...); it was deleted: run `intervu models download {model.name}` again, or download "
            f"{model_url(model.name)} yourself, unpack it and pass its folder with `intervu listen --vosk-model PATH` "
            "or `intervu practice SLUG --vosk-model PATH`")


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
    rows: list[dict] = []
    root = models_dir()
    for model in KNOWN.values():
        folder = root / model.name
        ok = is_vosk_model(folder)
        rows.append({
            "name": model.name, "installed": ok, "path": str(folder) if ok else None,
            "size_mb": model.size_mb, "unpacked_mb": model.unpacked_mb, "disk_mb": folder_mb(folder) if ok else None,
            "language": model.language, "default": model.name == DEFAULT_MODEL, "known": True,
            "selected": ok and selected == folder, "url": model_url(model.name), "about": model.about,
            "note": "the folder is not a complete Vosk model" if folder.exists() and not ok else None,
        })
    for folder in model_folders():
        if folder.name in KNOWN:
            continue
        ok = is_vosk_model(folder)
        rows.append({
            "name": folder.name, "installed": ok, "path": str(folder) if ok else None,
            "size_mb": None, "unpacked_mb": None, "disk_mb": folder_mb(folder) if ok else None,
            "language": None, "default": False, "known": False, "selected": ok and selected == folder,
            "url": None, "about": "found in the models folder",
            "note": None if ok else "the folder is not a complete Vosk model",
        })
    return rows

