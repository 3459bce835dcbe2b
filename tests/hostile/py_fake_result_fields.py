# Attempts: write result lines of the wrong types straight to the results pipe, ahead of the
#   harness's own: time_s as a string, a list and a 400-digit integer, line as a string, output and
#   error as objects, so that intervu's reading of them raises.
# Contained: run_code returns; every test fails; intervu still runs good code.
# expect: fail
import os
import sys


def two_sum(nums, target):
    fd = int(sys.argv[1])
    name = {4: "example 1", 3: "example 2"}.get(len(nums), "example 3")
    time_s = {4: '"soon"', 3: "[1]"}.get(len(nums), "1" + "0" * 400)
    os.write(fd, ('{"name": "%s", "actual": [9, 9], "time_s": %s, "line": "7", "output": {"a": 1}, '
                  '"error": {"b": NaN}}\n' % (name, time_s)).encode())
    return [9, 9]
