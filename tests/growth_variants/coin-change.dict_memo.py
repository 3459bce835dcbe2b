# expect: linear
def coin_change(coins: list[int], amount: int) -> int:
    memo = {0: 0}

    def fewest(rest: int) -> float:
        if rest not in memo:
            best = float("inf")
            for coin in coins:
                if coin <= rest:
                    best = min(best, fewest(rest - coin) + 1)
            memo[rest] = best
        return memo[rest]

    answer = fewest(amount)
    return -1 if answer == float("inf") else answer
