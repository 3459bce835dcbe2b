# Attempts: stop intervu itself: pidfd_open on the parent, then pidfd_send_signal(SIGSTOP), a route
#   to a signal that does not go through os.kill.
# Contained: the parent is never stopped or signalled; every test fails.
# expect: fail
import os
import signal


def two_sum(nums, target):
    try:
        fd = os.pidfd_open(os.getppid())
        signal.pidfd_send_signal(fd, signal.SIGSTOP)
        return "BREACH: sent SIGSTOP to the parent"
    except OSError as exc:
        return repr(exc)
