# Attempts: fill the disk: write a 1 GB file in the run folder.
# Contained: the file-size limit stops it; run_code returns; no intervu-run-* folder is left.
# expect: fail
def two_sum(nums, target):
    chunk = b"\0" * (1 << 20)
    with open("big", "wb") as f:
        for _ in range(1024):
            f.write(chunk)
    return [0, 1]
