# Attempts: break how intervu shows text: lone surrogates (which no UTF-8 stream can encode) in
#   printed output, in a returned value and in an exception's message; invalid UTF-8 bytes written
#   straight to stdout, at load time and in the tests. (A lone surrogate printed at load time only
#   stops the load: the harness's own stdout cannot encode it.)
# Contained: run_code returns; `intervu run` ends normally (no traceback) with its summary; every
#   test fails.
# expect: fail
# via: run_code, cli
import os

os.write(1, b"\xff\xfe invalid utf-8 at load\n")


def two_sum(nums, target):
    print("\ud800 lone surrogate", "\udcff")
    os.write(1, b"\xff\xfe invalid utf-8\n")
    if len(nums) == 4:
        raise ValueError("a message with \udc80 in it")
    if len(nums) == 3:
        return ["\ud800", "\udfff"]
    return [0, 0]
