# expect: linear
def length_of_longest_substring(s: str) -> int:
    # grows a substring from every start: it stops within the alphabet's size, so this stays linear
    best = 0
    for i in range(len(s)):
        seen = set()
        for ch in s[i:]:
            if ch in seen:
                break
            seen.add(ch)
        best = max(best, len(seen))
    return best
