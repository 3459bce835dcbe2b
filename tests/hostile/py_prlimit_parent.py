# Attempts: change intervu's own resource limits with prlimit(2) on the parent's pid: 4 open files
#   and a file size of 0, so that intervu's next run cannot open a pipe or write its solution file.
# Contained: the parent's limits are unchanged and it still runs good code; every test fails.
# expect: fail
import os
import resource


def two_sum(nums, target):
    out = []
    for kind, value in ((resource.RLIMIT_NOFILE, (4, 4)), (resource.RLIMIT_FSIZE, (0, 0))):
        try:
            resource.prlimit(os.getppid(), kind, value)
            out.append("BREACH: changed a limit of the parent")
        except OSError as exc:
            out.append(repr(exc))
    return out
