# expect: linear
def climb_stairs(n: int) -> int:
    table = [1, 1] + [0] * (n - 1)
    for i in range(2, n + 1):
        table[i] = table[i - 1] + table[i - 2]
    return table[n]
