# expect: quadratic
def is_anagram(s: str, t: str) -> bool:
    return len(s) == len(t) and all(s.count(ch) == t.count(ch) for ch in s)
