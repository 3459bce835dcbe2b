# expect: quadratic
from itertools import combinations


def max_profit(prices: list[int]) -> int:
    best = 0
    for buy, sell in combinations(prices, 2):
        if sell - buy > best:
            best = sell - buy
    return best
