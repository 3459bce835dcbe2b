# expect: quadratic
# ListNode is the sandbox's, defined for the candidate's code as in an interview
# ruff: noqa: F821
def merge_k_lists(lists: list[ListNode | None]) -> ListNode | None:
    def merge(a, b):
        head = tail = ListNode()
        while a is not None and b is not None:
            if a.val <= b.val:
                tail.next, a = a, a.next
            else:
                tail.next, b = b, b.next
            tail = tail.next
        tail.next = a if a is not None else b
        return head.next

    merged = None
    for node in lists:
        merged = merge(merged, node)
    return merged
