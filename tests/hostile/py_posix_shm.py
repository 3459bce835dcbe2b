# Attempts: create a POSIX shared memory object in /dev/shm through _posixshmem.shm_open (what
#   multiprocessing.shared_memory uses underneath): a file outside the run folder that outlives it.
# Contained: no /dev/shm entry carrying the test's marker exists after the run; every test fails.
# expect: fail
import os


def two_sum(nums, target):
    try:
        import _posixshmem

        fd = _posixshmem.shm_open("/" + "@MARKER@", os.O_CREAT | os.O_RDWR, 0o600)
        os.write(fd, b"left behind")
        return "BREACH: created a shared memory object"
    except OSError as exc:
        return repr(exc)
