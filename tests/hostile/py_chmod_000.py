# Attempts: take every permission away from the run folder's subdirectories, their files, and
#   finally from the run folder itself, so that intervu cannot list or empty it afterwards.
# Contained: run_code returns; no intervu-run-* folder is left; intervu still runs good code.
# expect: fail
import os


def two_sum(nums, target):
    try:
        for name in ("a", "b", "c"):
            os.makedirs(f"{name}/inner/deeper", exist_ok=True)
            for sub in (f"{name}/inner/deeper", f"{name}/inner", name):
                with open(f"{sub}/file", "w") as f:
                    f.write("x")
                os.chmod(f"{sub}/file", 0)
                os.chmod(sub, 0)
        os.chmod(".", 0)
    except OSError:
        pass
    return [-1, -1]
