# expect: linear
# ListNode is the sandbox's, defined for the candidate's code as in an interview
# ruff: noqa: F821
def merge_k_lists(lists: list[ListNode | None]) -> ListNode | None:
    nodes = []
    for node in lists:
        while node is not None:
            nodes.append(node)
            node = node.next
    nodes.sort(key=lambda node: node.val)
    for a, b in zip(nodes, nodes[1:]):
        a.next = b
    if nodes:
        nodes[-1].next = None
    return nodes[0] if nodes else None
