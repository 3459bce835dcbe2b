# expect: linear
import heapq


def top_k_frequent(nums: list[int], k: int) -> list[int]:
    counts = {}
    for value in nums:
        counts[value] = counts.get(value, 0) + 1
    heap = []
    for value, count in counts.items():
        heapq.heappush(heap, (count, value))
        if len(heap) > k:
            heapq.heappop(heap)
    return [value for _, value in heap]
