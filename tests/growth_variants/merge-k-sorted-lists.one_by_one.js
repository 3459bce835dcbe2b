// expect: quadratic
function mergeKLists(lists) {
  const merge = (a, b) => {
    const head = new ListNode();
    let tail = head;
    while (a !== null && b !== null) {
      if (a.val <= b.val) {
        tail.next = a;
        a = a.next;
      } else {
        tail.next = b;
        b = b.next;
      }
      tail = tail.next;
    }
    tail.next = a !== null ? a : b;
    return head.next;
  };
  let merged = null;
  for (const node of lists) merged = merge(merged, node);
  return merged;
}
