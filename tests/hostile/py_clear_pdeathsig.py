# Attempts: clear the parent-death signal (prctl PR_SET_PDEATHSIG, 0) and sleep, so that when
#   intervu is killed mid-run (kill -9: no cleanup runs) the run lives on.
# Contained: within a few seconds of intervu's death no process of the run is left, and the next
#   run sweeps the dead run's folder.
# expect: any
# timeout: 30
# kill-intervu: when started
import ctypes
import time


def two_sum(nums, target):
    try:
        ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG: none
    except (OSError, PermissionError):
        pass
    open("started", "w").close()  # the test kills intervu once it sees this
    time.sleep(60)
    return [0, 1]
