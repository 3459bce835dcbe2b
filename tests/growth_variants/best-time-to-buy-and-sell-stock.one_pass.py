# expect: linear
def max_profit(prices: list[int]) -> int:
    low, best = float("inf"), 0
    for price in prices:
        low = min(low, price)
        best = max(best, price - low)
    return best
