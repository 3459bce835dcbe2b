# Attempts: slow intervu down from inside the run: setpriority(2) the parent to nice 19, pin it to
#   one CPU with sched_setaffinity(2), move it to SCHED_IDLE with sched_setscheduler(2), and give
#   it the idle I/O class with ioprio_set(2) (through ctypes, where ctypes is there).
# Contained: the parent's nice value, CPU affinity, scheduling policy and I/O priority are unchanged.
# expect: fail
import os
import platform


def _ioprio_idle(pid):
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    ioprio_set = {"x86_64": 251, "aarch64": 30}[platform.machine()]
    if libc.syscall(ioprio_set, 1, pid, 3 << 13) != 0:  # IOPRIO_WHO_PROCESS, pid, IOPRIO_CLASS_IDLE
        raise OSError(ctypes.get_errno(), "ioprio_set refused")


def two_sum(nums, target):
    ppid = os.getppid()
    out = []
    attempts = (
        ("setpriority", lambda: os.setpriority(os.PRIO_PROCESS, ppid, 19)),
        ("sched_setaffinity", lambda: os.sched_setaffinity(ppid, {min(os.sched_getaffinity(ppid))})),
        ("sched_setscheduler", lambda: os.sched_setscheduler(ppid, os.SCHED_IDLE, os.sched_param(0))),
        ("ioprio_set", lambda: _ioprio_idle(ppid)),
    )
    for name, attempt in attempts:
        try:
            attempt()
            out.append(f"BREACH: {name} on the parent")
        except OSError as exc:
            out.append(repr(exc))
    return out
