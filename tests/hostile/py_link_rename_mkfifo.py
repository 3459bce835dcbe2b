# Attempts: make files outside the run folder without opening them: os.link and os.rename of a
#   file of the run to a path outside, os.mkfifo and os.mknod outside, a symlink outside, and a hard
#   link of an outside file into the run folder, written through.
# Contained: the outside folder is exactly as the test left it; every test fails.
# expect: fail
import os
import stat


def two_sum(nums, target):
    base = "@OUTSIDE@" + "/" + "@MARKER@"
    out = []

    def mine():
        with open("mine", "w") as f:
            f.write("from the sandbox")
        return "mine"

    def through():
        os.link("@VICTIM@", "victim-link")
        with open("victim-link", "w") as f:
            f.write("owned")

    attempts = (
        lambda: os.link(mine(), base + "-link"),
        lambda: os.rename(mine(), base + "-renamed"),
        lambda: os.replace(mine(), base + "-replaced"),
        lambda: os.mkfifo(base + "-fifo"),
        lambda: os.mknod(base + "-node", 0o600 | stat.S_IFIFO),
        lambda: os.symlink("/", base + "-symlink"),
        through,
    )
    for attempt in attempts:
        try:
            attempt()
            out.append("BREACH: made or changed a file outside")
        except OSError as exc:
            out.append(repr(exc))
    return out
