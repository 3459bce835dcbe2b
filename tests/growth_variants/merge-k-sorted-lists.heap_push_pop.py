# expect: linear
# ListNode is the sandbox's, defined for the candidate's code as in an interview
# ruff: noqa: F821
import heapq


def merge_k_lists(lists: list[ListNode | None]) -> ListNode | None:
    heap = []
    for i, node in enumerate(lists):
        if node is not None:
            heapq.heappush(heap, (node.val, i, node))
    head = tail = ListNode()
    while heap:
        _, i, node = heapq.heappop(heap)
        tail.next = tail = node
        if node.next is not None:
            heapq.heappush(heap, (node.next.val, i, node.next))
    return head.next
