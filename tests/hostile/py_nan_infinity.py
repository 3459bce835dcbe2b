# Attempts: return numbers JSON has no words for: NaN, Infinity and -Infinity (and 1e309, which is
#   infinity once read), so that intervu's machine-readable output (`intervu run --json`) stops
#   being JSON a strict reader (jq, JavaScript's JSON.parse) accepts.
# Contained: run_code returns; every test fails; `intervu run --json` ends normally and prints
#   strict JSON.
# expect: fail
# via: run_code, cli-json
def two_sum(nums, target):
    if len(nums) == 4:
        return [float("nan"), float("inf")]
    if len(nums) == 3:
        return [float("-inf"), 1e309]
    return float("nan")
