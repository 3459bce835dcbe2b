// expect: linear
function maxSubarray(nums) {
  let best = -Infinity;
  for (const value of nums) best = Math.max(best, value);
  let i = 0;
  while (i < nums.length) {
    let j = i;
    let run = 0;
    while (j < nums.length && run + nums[j] > 0) {
      run += nums[j];
      best = Math.max(best, run);
      j++;
    }
    i = j + 1;
  }
  return best;
}
