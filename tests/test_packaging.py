"""What a pipx user gets: the wheel carries every problem and pathway, the harnesses and the console script."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_ships_every_problem(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("intervu_cli-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    prefix = "intervu_cli/data/problems/"
    shipped = {n[len(prefix):] for n in names if n.startswith(prefix)}
    # every problem file, and the pathway files beside them (problems/pathways/grind75.toml)
    assert shipped == {str(p.relative_to(REPO / "problems")) for p in (REPO / "problems").rglob("*.toml")}
    assert "pathways/grind75.toml" in shipped and len(shipped) >= 76
    assert {"intervu_cli/sandbox/harness_py.py", "intervu_cli/sandbox/harness_js.js",
            "intervu_cli/sandbox/jail.py"} <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "intervu = intervu_cli.cli.app:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
