# expect: quadratic
# ListNode is the sandbox's, defined for the candidate's code as in an interview
# ruff: noqa: F821
def merge_k_lists(lists: list[ListNode | None]) -> ListNode | None:
    fronts = list(lists)
    head = tail = ListNode()
    while True:
        best = -1
        for i, node in enumerate(fronts):
            if node is not None and (best < 0 or node.val < fronts[best].val):
                best = i
        if best < 0:
            break
        tail.next = tail = fronts[best]
        fronts[best] = fronts[best].next
    return head.next
