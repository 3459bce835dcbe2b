# expect: linear
def two_sum(nums: list[int], target: int) -> list[int]:
    where = {}
    for i, value in enumerate(nums):
        if target - value in where:
            return [where[target - value], i]
        where[value] = i
    return []
