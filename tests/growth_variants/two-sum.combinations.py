# expect: quadratic
from itertools import combinations


def two_sum(nums: list[int], target: int) -> list[int]:
    for i, j in combinations(range(len(nums)), 2):
        if nums[i] + nums[j] == target:
            return [i, j]
    return []
