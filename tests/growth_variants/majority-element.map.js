// expect: linear
function majorityElement(nums) {
  const counts = new Map();
  for (const value of nums) {
    const c = (counts.get(value) || 0) + 1;
    if (c > nums.length / 2) return value;
    counts.set(value, c);
  }
  return nums[0];
}
