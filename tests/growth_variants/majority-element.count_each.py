# expect: quadratic
def majority_element(nums: list[int]) -> int:
    for value in nums:
        if nums.count(value) > len(nums) // 2:
            return value
    return nums[0]
