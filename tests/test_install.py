"""A newcomer's first command, word for word from the README, on a machine as fresh as this one can
be made: a new virtual environment's Python (no pipx anywhere, no ~/.local/bin on PATH), an empty
home, a copy of the clone. The README's command gets pipx, builds intervu's wheel and installs it
with pipx into that home, and runs the interview in a real terminal (tmux), which must come up on
the problem and the interviewer's greeting, and leave cleanly on Ctrl+Q with the session saved.

The packages come from the registry this machine is set up for (PIP_* in the environment: the
package index, and here a local folder of wheels), as for any newcomer."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from conftest import REPO
from test_tui_tmux import Tmux

pytestmark = pytest.mark.timeout(1200)  # a real install: ~30 s here with the wheels at hand, minutes from the index


def readme_commands() -> list[str]:
    """The indented commands under "## The two commands", in order."""
    text = (REPO / "README.md").read_text()
    section = text.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return [line[4:] for line in section.splitlines() if line.startswith("    ") and line.strip()]


def clone_copy(dest) -> None:
    """The files a fresh clone has (tracked ones, and new ones not ignored: this working tree's)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True, timeout=60).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = REPO / name
        if not src.is_file():
            continue  # deleted in the working tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)


def fresh_machine(tmp_path) -> tuple[dict[str, str], str]:
    """An environment with only a new venv's Python and the system's tools on PATH."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    home = tmp_path / "home"
    home.mkdir()
    system = tmp_path / "system-bin"  # the system's commands, but no pipx and no intervu of this machine's
    system.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin"):
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
            if not (system / name).exists() and not name.startswith(("pipx", "intervu")):
                (system / name).symlink_to(os.path.join(folder, name))
    path = os.pathsep.join([str(venv / "bin"), str(system)])
    assert shutil.which("pipx", path=path) is None and shutil.which("intervu", path=path) is None
    env = {"HOME": str(home), "PATH": path, "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})  # the machine's registry
    for conf in (os.path.expanduser("~/.config/pip/pip.conf"), os.path.expanduser("~/.pip/pip.conf")):
        if "PIP_CONFIG_FILE" not in env and os.path.isfile(conf):
            env["PIP_CONFIG_FILE"] = conf  # the same, where this machine keeps it in the (real) home
    return env, str(home)


def interview_in_a_terminal(command: str, env: dict[str, str], home: str, cwd, status_file) -> None:
    """Run `command` (a README line, as it is) with only `env`, in a real terminal: it must end in the
    full-screen interview, which Ctrl+Q leaves, and the command must exit 0."""
    wrapped = ("env -i " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " sh -c "
               + shlex.quote(command) + f"; echo $? > {shlex.quote(str(status_file))}")
    term = Tmux(home, command=wrapped, cwd=str(cwd))  # the exit status is written by the wrapper: tmux's
    try:                                              # pane_dead_status was seen empty
        deadline = time.monotonic() + 1000
        while True:  # the install runs first: wait for the app, or for the command to have ended
            screen = term.screen()
            if "Two Sum" in screen and "Interviewer:" in screen and "f10 Finish" in screen:
                break
            if screen.rstrip().endswith("Resume it? [Y/n]"):  # an unfinished one from before: a new one
                term.type("n")
                term.keys("Enter")
            if term.dead() or time.monotonic() > deadline:
                pytest.fail(f"`{command}` brought up no interview; the terminal shows:\n{screen}")
            time.sleep(0.5)
        assert "def two_sum(" in screen and " left" in screen, screen
        term.keys("C-q")
        term.wait_dead(60)
        assert status_file.read_text().strip() == "0", term.screen()
    finally:
        term.close()


def test_the_readme_install_commands_word_for_word_end_in_a_running_interview(tmp_path):
    first, by_hand = readme_commands()[:2]
    assert "install" in first and "practice two-sum" in first, first
    assert by_hand.startswith("pipx install") and "practice two-sum" in by_hand, by_hand
    clone = tmp_path / "intervu"
    clone_copy(clone)
    env, home = fresh_machine(tmp_path)
    assert not os.path.exists(os.path.join(home, ".local", "bin"))
    interview_in_a_terminal(first, env, home, clone, tmp_path / "status-1")
    exe = os.path.join(home, ".local", "bin", "intervu")
    assert os.access(exe, os.X_OK), "pipx did not put intervu in ~/.local/bin"
    # the interview was real: the session is on record, unfinished, in the new home's data folder
    history = subprocess.run([exe, "history", "--json"], env=env, capture_output=True, text=True, timeout=120)
    assert history.returncode == 0, history.stderr
    sessions = json.loads(history.stdout)
    assert [(s["slug"], s["status"]) for s in sessions] == [("two-sum", "in_progress")], sessions
    # `pipx ensurepath` put ~/.local/bin on PATH for the shells opened from now on
    profiles = "".join(p.read_text() for p in (tmp_path / "home").glob(".*") if p.is_file())
    assert re.search(r"\.local/bin", profiles), "ensurepath wrote no PATH entry"

    # A machine that has pipx already (on PATH: here the one the first run fetched). install.sh uses it
    # as it is, and installs intervu again over the first (an update from the clone); the README's
    # by-hand line for such a machine, as it is, ends in an interview too (a new one: asked whether to
    # resume the first, the newcomer says n).
    with_pipx = {**env, "PATH": os.path.join(home, ".local", "share", "intervu", "pipx-venv", "bin")
                 + os.pathsep + env["PATH"]}
    again = subprocess.run(["sh", "install.sh", "problems"], cwd=clone, capture_output=True, text=True,
                           timeout=900, env=with_pipx)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "pipx not found" not in again.stderr and "two-sum" in again.stdout, again.stderr[-2000:]
    interview_in_a_terminal(by_hand, with_pipx, home, clone, tmp_path / "status-2")
    sessions = json.loads(subprocess.run([exe, "history", "--json"], env=env, capture_output=True, text=True,
                                         timeout=120).stdout)
    assert [(s["slug"], s["status"]) for s in sessions] == [("two-sum", "in_progress")] * 2, sessions


def test_the_install_script_says_what_to_do_without_python_3_10(tmp_path):
    """A python3 older than 3.10 (here a stand-in script reporting 3.8): one line, exit 1, nothing installed."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\ncase \"$1\" in -c) exit 1;; -V) echo 'Python 3.8.10';; esac\n")
    (fake / "python3").chmod(0o755)
    env = {"HOME": str(tmp_path), "PATH": f"{fake}:/usr/bin:/bin"}
    proc = subprocess.run(["sh", str(REPO / "install.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "install.sh: intervu needs Python 3.10 or newer; this python3 is Python 3.8.10. Install a newer one, "
        "then run this again"]
    assert not (tmp_path / ".local").exists()


def test_the_package_index_name_the_readme_gives_is_the_package_s_name():
    """`pipx install intervu-cli` (README) installs this project: its distribution name, and its
    console script `intervu`."""
    meta = (REPO / "pyproject.toml").read_text()
    assert re.search(r'(?m)^name = "intervu-cli"$', meta)
    assert re.search(r'(?m)^intervu = "intervu_cli\.cli\.app:main"$', meta)
    assert "`pipx install intervu-cli`" in (REPO / "README.md").read_text()
