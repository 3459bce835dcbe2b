# Attempts: return a list nested 3000 levels deep, so that reading, comparing, summarizing or
#   storing the result in intervu recurses past Python's limit and takes intervu down.
# Contained: run_code returns; every test fails with an error; intervu still runs good code.
# expect: fail


def two_sum(nums, target):
    value = []
    for _ in range(3000):
        value = [value]
    return value
