# expect: linear
def climb_stairs(n: int) -> int:
    memo = {0: 1, 1: 1}

    def ways(k: int) -> int:
        if k not in memo:
            memo[k] = ways(k - 1) + ways(k - 2)
        return memo[k]

    return ways(n)
