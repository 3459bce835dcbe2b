# expect: exponential
def coin_change(coins: list[int], amount: int) -> int:
    def fewest(rest: int) -> int:
        if rest == 0:
            return 0
        best = -1
        for coin in coins:
            if coin <= rest:
                sub = fewest(rest - coin)
                if sub >= 0 and (best < 0 or sub + 1 < best):
                    best = sub + 1
        return best

    return fewest(amount)
