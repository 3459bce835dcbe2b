# Attempts: write, straight to the results pipe, a line naming "example 1" whose value nests
#   200000 levels deep, and an unclosed bare one, so that intervu's JSON parser recurses to death.
# Contained: run_code returns; every test fails; intervu still runs good code.
# expect: fail
import os
import sys


def two_sum(nums, target):
    fd = int(sys.argv[1])  # the harness's results descriptor
    depth = 200_000
    os.write(fd, b'{"name": "example 1", "actual": ' + b"[" * depth + b"]" * depth + b"}\n")
    os.write(fd, b"[" * depth + b"\n")
    return [0, 0]
