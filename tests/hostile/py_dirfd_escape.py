# Attempts: climb out of the run folder by directory descriptor: from a subfolder, ".." looks like
#   the run folder to a check made on the path alone, but opened relative to a descriptor it walks
#   up to "/"; then create a file outside and read the problem file (reference solution, hidden
#   tests) and a secret file, relative to that descriptor.
# Contained: nothing is created outside; neither file's content comes back; every test fails.
# expect: fail
import os


def two_sum(nums, target):
    out = []
    os.makedirs("a", exist_ok=True)
    os.chdir("a")
    try:
        fd = os.open("..", os.O_RDONLY)
        for _ in range(64):
            up = os.open("..", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = up
        try:
            w = os.open("@OUTSIDE@".lstrip("/") + "/" + "@MARKER@" + "-escaped", os.O_WRONLY | os.O_CREAT, 0o644,
                        dir_fd=fd)
            os.write(w, b"written from the sandbox")
            os.close(w)
            out.append("BREACH: created a file outside")
        except OSError as exc:
            out.append(repr(exc))
        for path in ("@PROBLEM_FILE@", "@SECRET_FILE@"):
            try:
                r = os.open(path.lstrip("/"), os.O_RDONLY, dir_fd=fd)
                out.append(os.read(r, 1 << 16).decode("utf-8", "replace"))
                os.close(r)
            except OSError as exc:
                out.append(repr(exc))
    except OSError as exc:
        out.append(repr(exc))
    finally:
        os.chdir("..")
    return out
