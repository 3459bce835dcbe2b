# Attempts: confuse the result channel: write fake passing results and an early {"done": true} on
#   the results pipe, point the results descriptor at stdout (so the harness's own results go
#   astray), and close stdin, stdout and stderr.
# Contained: every test fails; nothing the code wrote counts as a pass.
# expect: fail
import json
import os
import sys


def two_sum(nums, target):
    fd = int(sys.argv[1])
    for name in ("example 1", "example 2", "example 3"):
        os.write(fd, (json.dumps({"name": name, "actual": [9, 9], "passed": True}) + "\n").encode())
    os.write(fd, b'{"done": true}\n')
    os.dup2(1, fd)
    for n in (0, 1, 2):
        os.close(n)
    return [0, 1]
