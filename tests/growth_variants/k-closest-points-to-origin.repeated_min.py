# expect: quadratic
def k_closest(points: list[list[int]], k: int) -> list[list[int]]:
    rest = list(points)
    chosen = []
    for _ in range(k):
        best = min(range(len(rest)), key=lambda i: rest[i][0] ** 2 + rest[i][1] ** 2)
        chosen.append(rest.pop(best))
    return chosen
