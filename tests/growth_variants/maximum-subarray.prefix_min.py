# expect: linear
from itertools import accumulate


def max_subarray(nums: list[int]) -> int:
    best, low = nums[0], 0
    for prefix in accumulate(nums):
        best = max(best, prefix - low)
        low = min(low, prefix)
    return best
