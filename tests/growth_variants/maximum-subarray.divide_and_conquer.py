# expect: linear
def max_subarray(nums: list[int]) -> int:
    def best(lo: int, hi: int) -> int:
        if lo == hi:
            return nums[lo]
        mid = (lo + hi) // 2
        run = 0
        left_best = float("-inf")
        for i in range(mid, lo - 1, -1):
            run += nums[i]
            left_best = max(left_best, run)
        run, right_best = 0, float("-inf")
        for i in range(mid + 1, hi + 1):
            run += nums[i]
            right_best = max(right_best, run)
        return max(best(lo, mid), best(mid + 1, hi), left_best + right_best)

    return best(0, len(nums) - 1)
