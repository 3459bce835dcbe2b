# Attempts: reach a server outside the sandbox over a Unix socket: a pathname socket in a folder
#   outside the run folder, and an abstract one, both listening in the test.
# Contained: neither server accepts a connection or receives a byte; every test fails.
# expect: fail
import socket


def two_sum(nums, target):
    out = []
    for address in ("@SOCKET@", "@ABSTRACT@"):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(2)
            s.connect(address)
            s.sendall(b"hello from the sandbox")
            s.close()
            out.append("BREACH: connected to a Unix socket outside")
        except OSError as exc:
            out.append(repr(exc))
    return out
