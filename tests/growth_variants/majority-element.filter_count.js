// expect: quadratic
function majorityElement(nums) {
  for (const value of nums) {
    if (nums.filter((x) => x === value).length > nums.length / 2) return value;
  }
  return nums[0];
}
