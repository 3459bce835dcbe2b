// expect: quadratic
function topKFrequent(nums, k) {
  const distinct = [...new Set(nums)];
  const counts = distinct.map((value) => nums.filter((x) => x === value).length);
  const order = distinct.map((_, i) => i).sort((a, b) => counts[b] - counts[a]);
  return order.slice(0, k).map((i) => distinct[i]);
}
