# expect: linear
def max_subarray(nums: list[int]) -> int:
    # runs whose running sum stays positive; a run that drops to zero or below is never worth extending
    best = max(nums)
    n = len(nums)
    i = 0
    while i < n:
        j, run = i, 0
        while j < n and run + nums[j] > 0:
            run += nums[j]
            best = max(best, run)
            j += 1
        i = j + 1
    return best
