# Attempts: leave 3000 nested directories in the run folder (a path far past PATH_MAX, and more
#   levels than a recursive rmtree can take), files among them, and the top one chmod 000, so that
#   removing the run folder (or the next run's orphan sweep) raises or gives up.
# Contained: run_code returns; no intervu-run-* folder is left; intervu still runs good code.
# expect: fail
import os


def two_sum(nums, target):
    if os.path.exists("d"):
        return [-1, -1]
    fd = os.open(".", os.O_RDONLY)
    for i in range(3000):
        os.mkdir("d", dir_fd=fd)
        if i % 300 == 0:
            f = os.open("f", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd)
            os.write(f, b"x" * 100)
            os.close(f)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)
    os.chmod("d", 0)
    return [-1, -1]
