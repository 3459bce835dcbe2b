# Attempts: keep the run alive after its last result: a non-daemon thread that never ends, an
#   atexit handler that sleeps a minute, an object whose __del__ loops forever, and a SIGALRM
#   handler armed to fire later; the answers themselves are right.
# Contained: no process of the run is left; the run ends (nothing waits for the minute); the tests
#   may pass, the attempt being harmless once contained.
# expect: any
import atexit
import signal
import threading
import time


class Clingy:
    def __del__(self):
        while True:
            pass


_kept = Clingy()
atexit.register(time.sleep, 60)


def _spin():
    while True:
        time.sleep(0.01)


def _alarm(signum, frame):
    raise RuntimeError("alarm")


signal.signal(signal.SIGALRM, _alarm)
signal.alarm(3)
threading.Thread(target=_spin).start()


def two_sum(nums, target):
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
