# Attempts: take over the terminal of whoever runs it: escape sequences (clear screen, window title,
#   OSC 52 clipboard write, blink, a bell) in printed output at load time and in the tests, in a
#   returned value and in an exception's message, all of which `intervu run` shows.
# Contained: run_code returns; `intervu run` ends normally and writes no escape or other control
#   character to the terminal; every test fails.
# expect: fail
# via: run_code, cli
print("\x1b]0;owned title\x1b\\\x1b[2J\x1b[31mRED at load\a")


def two_sum(nums, target):
    print("\x1b[2J\x1b[H\x1b]52;c;b3duZWQ=\x07 clipboard \x1b[5mblink")
    if len(nums) == 4:
        raise ValueError("\x1b[2J\x1b]0;owned\x1b\\ in an error")
    if len(nums) == 3:
        return ["\x1b[2J", "\x1b]0;owned\x07"]
    return [0, 0]
