# Attempts: create System V IPC objects (a shared memory segment, a message queue, a semaphore set)
#   through ctypes: they belong to no file or process and outlive the run until someone removes them.
# Contained: no System V IPC object with the test's key exists (in the machine's IPC namespace) after
#   the run; every test fails.
# expect: fail
import ctypes


def two_sum(nums, target):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, PermissionError) as exc:
        return repr(exc)
    key = int("@IPC_KEY@")
    create = 0o1600  # IPC_CREAT | 0600
    made = [libc.shmget(key, 4096, create), libc.msgget(key, create), libc.semget(key, 1, create)]
    return made  # made in a namespace of its own, they are harmless: the test looks for them in the machine's
