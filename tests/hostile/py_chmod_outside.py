# Attempts: change the metadata of a file outside the run folder (no content written): chmod 777,
#   set its times to 1970, set a user.* extended attribute. Landlock rules cover reads and writes
#   of contents, not metadata.
# Contained: the file's mode, times and extended attributes are unchanged.
# expect: fail
import os


def two_sum(nums, target):
    victim = "@VICTIM@"
    out = []
    attempts = (
        lambda: os.chmod(victim, 0o777),
        lambda: os.utime(victim, (0, 0)),
        lambda: os.setxattr(victim, "user.intervu", b"owned"),
    )
    for attempt in attempts:
        try:
            attempt()
            out.append("BREACH: changed a file outside")
        except OSError as exc:
            out.append(repr(exc))
    return out
