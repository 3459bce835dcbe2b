# Attempts: start a process that outlives the run by calling _posixsubprocess.fork_exec directly
#   (the C function under subprocess.Popen, which raises no audit event of its own), in a session
#   of its own so that killing the run's process group misses it: `sleep 300`.
# Contained: no process started by the run is alive after run_code returns; every test fails.
# expect: fail
import os


def two_sum(nums, target):
    import _posixsubprocess

    errpipe_read, errpipe_write = os.pipe()
    head = ([b"/bin/sleep", b"300"], [b"/bin/sleep"], True, (errpipe_write,), None,
            [b"PATH=/usr/bin:/bin", b"HOSTILE_MARKER=" + "@MARKER@".encode()],
            -1, -1, -1, -1, -1, -1, errpipe_read, errpipe_write, False, True)
    tails = ((-1, None, None, None, -1, None, False), (-1, None, None, None, -1, None), (None, None, None, -1, None))
    last = None
    for tail in tails:  # its signature changes between Python versions
        try:
            pid = _posixsubprocess.fork_exec(*head, *tail)
            return f"started process {pid}"
        except TypeError as exc:
            last = exc
        except OSError as exc:
            return repr(exc)
    return repr(last)
