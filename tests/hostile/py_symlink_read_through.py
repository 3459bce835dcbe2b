# Attempts: symlinks in the run folder to "/", to the repository and to a folder outside, then
#   read the problem file and a secret file through them, and write a file through one.
# Contained: neither file's content comes back; nothing is created outside; every test fails.
# expect: fail
import os


def two_sum(nums, target):
    out = []
    for name, to in (("root", "/"), ("repo", "@REPO@"), ("outside", "@OUTSIDE@"), ("up", "../../../..")):
        try:
            os.symlink(to, name)
        except OSError as exc:
            out.append(repr(exc))
    for path in ("root" + "@PROBLEM_FILE@", "repo/problems/two-sum.toml", "outside/secret.txt",
                 "up" + "@SECRET_FILE@"):
        try:
            with open(path) as f:
                out.append(f.read())
        except OSError as exc:
            out.append(repr(exc))
    try:
        with open("outside/" + "@MARKER@" + "-through-symlink", "w") as f:
            f.write("x")
        out.append("BREACH: wrote through a symlink")
    except OSError as exc:
        out.append(repr(exc))
    return out
