# expect: quadratic
def majority_element(nums: list[int]) -> int:
    queue = list(nums)
    candidate, balance = None, 0
    while queue:
        value = queue.pop(0)
        if balance == 0:
            candidate = value
        balance += 1 if value == candidate else -1
    return candidate
