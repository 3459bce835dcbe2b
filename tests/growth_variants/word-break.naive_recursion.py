# expect: exponential
def word_break(s: str, word_dict: list[str]) -> bool:
    def can(start: int) -> bool:
        if start == len(s):
            return True
        return any(s.startswith(word, start) and can(start + len(word)) for word in word_dict)

    return can(0)
