// expect: linear
function mergeKLists(lists) {
  const nodes = [];
  for (let node of lists) {
    for (; node !== null; node = node.next) nodes.push(node);
  }
  nodes.sort((a, b) => a.val - b.val);
  for (let i = 0; i + 1 < nodes.length; i++) nodes[i].next = nodes[i + 1];
  if (nodes.length === 0) return null;
  nodes[nodes.length - 1].next = null;
  return nodes[0];
}
