# expect: quadratic
def top_k_frequent(nums: list[int], k: int) -> list[int]:
    distinct = list(set(nums))
    counts = [nums.count(value) for value in distinct]
    order = sorted(range(len(distinct)), key=lambda i: -counts[i])
    return [distinct[i] for i in order[:k]]
