// expect: quadratic
function maxSubarray(nums) {
  let best = nums[0];
  for (let i = 0; i < nums.length; i++) {
    let total = 0;
    for (let j = i; j < nums.length; j++) {
      total += nums[j];
      if (total > best) best = total;
    }
  }
  return best;
}
