# expect: linear
from collections import deque


def coin_change(coins: list[int], amount: int) -> int:
    if amount == 0:
        return 0
    seen = {0}
    queue = deque([(0, 0)])
    while queue:
        total, used = queue.popleft()
        for coin in coins:
            nxt = total + coin
            if nxt == amount:
                return used + 1
            if nxt < amount and nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, used + 1))
    return -1
