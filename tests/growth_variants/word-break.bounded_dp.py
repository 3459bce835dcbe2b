# expect: linear
def word_break(s: str, word_dict: list[str]) -> bool:
    # only the last len(longest word) starts can end a word here
    words = set(word_dict)
    longest = max(map(len, word_dict))
    ok = [True] + [False] * len(s)
    for end in range(1, len(s) + 1):
        for start in range(max(0, end - longest), end):
            if ok[start] and s[start:end] in words:
                ok[end] = True
                break
    return ok[-1]
