# expect: quadratic
def merge(intervals: list[list[int]]) -> list[list[int]]:
    merged = []
    for start, end in intervals:
        kept = []
        for s, e in merged:
            if s <= end and start <= e:
                start, end = min(start, s), max(end, e)
            else:
                kept.append([s, e])
        kept.append([start, end])
        merged = kept
    return sorted(merged)
