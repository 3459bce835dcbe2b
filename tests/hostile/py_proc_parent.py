# Attempts: reach intervu through /proc: read its environment, command line and memory map, open
#   its memory for writing, and write its oom_score_adj (to make it the OOM killer's first pick)
#   and its comm (its name).
# Contained: nothing of the parent comes back (its environment holds a secret the test checks
#   for); its oom_score_adj and name are unchanged; every test fails.
# expect: fail
import os


def two_sum(nums, target):
    ppid = os.getppid()
    out = []
    for name in ("environ", "cmdline", "maps"):
        try:
            with open(f"/proc/{ppid}/{name}", "rb") as f:
                out.append(f.read().decode("utf-8", "replace"))
        except OSError as exc:
            out.append(repr(exc))
    try:
        with open(f"/proc/{ppid}/mem", "r+b"):
            out.append("BREACH: opened the parent's memory for writing")
    except OSError as exc:
        out.append(repr(exc))
    for name, data in (("oom_score_adj", b"1000"), ("comm", b"owned")):
        try:
            with open(f"/proc/{ppid}/{name}", "wb") as f:
                f.write(data)
        except OSError as exc:
            out.append(repr(exc))
    return out
