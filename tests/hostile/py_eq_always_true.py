# Attempts: pass without solving, by returning values that claim to equal anything: a list subclass
#   and an int subclass whose __eq__ is always True and whose repr lies, and an arbitrary object
#   that compares equal to everything.
# Contained: no test passes (the comparison is made in intervu, on plain JSON values).
# expect: fail


class Liar(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None

    def __repr__(self):
        return "[0, 1]"


class LiarInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__

    def __repr__(self):
        return "0"


class Anything:
    def __eq__(self, other):
        return True

    def __iter__(self):
        return iter([0, 1])


def two_sum(nums, target):
    if len(nums) == 4:
        return Anything()
    if len(nums) == 3:
        return Liar([99, 99])
    return [LiarInt(7), LiarInt(8)]
