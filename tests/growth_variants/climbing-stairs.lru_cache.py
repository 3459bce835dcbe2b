# expect: linear
from functools import lru_cache


def climb_stairs(n: int) -> int:
    @lru_cache(maxsize=None)
    def ways(k: int) -> int:
        if k <= 1:
            return 1
        return ways(k - 1) + ways(k - 2)

    return ways(n)
