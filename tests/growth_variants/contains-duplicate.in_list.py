# expect: quadratic
def contains_duplicate(nums: list[int]) -> bool:
    seen = []
    for value in nums:
        if value in seen:
            return True
        seen.append(value)
    return False
