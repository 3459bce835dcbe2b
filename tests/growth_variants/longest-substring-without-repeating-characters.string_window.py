# expect: linear
def length_of_longest_substring(s: str) -> int:
    window = ""
    best = 0
    for ch in s:
        cut = window.find(ch)
        if cut >= 0:
            window = window[cut + 1:]
        window += ch
        best = max(best, len(window))
    return best
