# expect: quadratic
def max_profit(prices: list[int]) -> int:
    best = 0
    for i in range(1, len(prices)):
        best = max(best, prices[i] - min(prices[:i]))
    return best
