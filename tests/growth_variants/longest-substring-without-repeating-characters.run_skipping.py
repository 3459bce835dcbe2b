# expect: linear
def length_of_longest_substring(s: str) -> int:
    # run after run: a run stops at a repeat; the next starts just after the first copy, and its end
    # scan goes on from where the last one stopped
    n, best = len(s), 0
    last = {}
    i = j = 0
    while j < n:
        while j < n and last.get(s[j], -1) < i:
            last[s[j]] = j
            j += 1
        best = max(best, j - i)
        if j < n:
            i = last[s[j]] + 1
    return best
