# Attempts: lift Python's recursion limit to a million and recurse without end, so the C stack
#   overflows (a segmentation fault rather than a RecursionError).
# Contained: run_code returns with the crash as every test's error; intervu still runs good code.
# expect: fail
import sys

sys.setrecursionlimit(10**6)


def two_sum(nums, target, depth=0):
    return two_sum(nums, target, depth + 1)
