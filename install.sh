#!/bin/sh
# Install intervu from this folder with pipx, getting pipx first when it is missing, then run
# `intervu ARGS...` when arguments are given (README: "The two commands"):
#
#     sh install.sh practice two-sum --no-audio
#
# pipx puts intervu in its own virtual environment and the `intervu` command in ~/.local/bin (or
# $PIPX_BIN_DIR). `pipx ensurepath` adds that folder to PATH for the terminals you open next; this
# script runs intervu by its full path, so it works in this terminal too.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

command -v python3 >/dev/null 2>&1 || die "python3 not found: install Python 3.10 or newer (Debian/Ubuntu: sudo apt install python3 python3-venv), then run this again"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || die "intervu needs Python 3.10 or newer; this python3 is $(python3 -V 2>&1). Install a newer one, then run this again"

# pipx: the one on PATH, else python3's, else a private one in a virtual environment of its own
# (pip refuses to install into a system Python managed by the OS: PEP 668).
boot="${XDG_DATA_HOME:-$HOME/.local/share}/intervu/pipx-venv"
if command -v pipx >/dev/null 2>&1; then
  pipx() { command pipx "$@"; }
elif python3 -m pipx --version >/dev/null 2>&1; then
  pipx() { python3 -m pipx "$@"; }
elif [ -x "$boot/bin/pipx" ]; then
  pipx() { "$boot/bin/pipx" "$@"; }
else
  say "pipx not found: installing it into $boot (once)"
  python3 -m venv "$boot" >/dev/null 2>&1 \
    || { rm -rf "$boot"; die "could not make a virtual environment; install pipx (Debian/Ubuntu: sudo apt install pipx, else see https://pipx.pypa.io) or python3-venv (sudo apt install python3-venv), then run this again"; }
  "$boot/bin/python" -m pip install --quiet --disable-pip-version-check pipx \
    || { rm -rf "$boot"; die "could not install pipx from PyPI (offline?); install it (sudo apt install pipx, or see https://pipx.pypa.io), then run this again"; }
  pipx() { "$boot/bin/pipx" "$@"; }
fi

say "installing intervu with pipx (the first time: about 930 MB, and a few minutes to download; speech recognition, the LLM client, the app)"
pipx install --force "$here" >&2
pipx ensurepath >/dev/null 2>&1 || true
bin=$(pipx environment --value PIPX_BIN_DIR 2>/dev/null || true)
[ -n "$bin" ] || bin="$HOME/.local/bin"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) say "intervu is $bin/intervu; terminals you open from now on find it as \`intervu\` (pipx ensurepath added $bin to PATH). In this one: export PATH=\"$bin:\$PATH\"" ;;
esac
[ $# -eq 0 ] && exit 0
exec "$bin/intervu" "$@"
