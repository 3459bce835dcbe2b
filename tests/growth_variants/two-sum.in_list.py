# expect: quadratic
def two_sum(nums: list[int], target: int) -> list[int]:
    seen = []
    for i, value in enumerate(nums):
        if target - value in seen:
            return [seen.index(target - value), i]
        seen.append(value)
    return []
