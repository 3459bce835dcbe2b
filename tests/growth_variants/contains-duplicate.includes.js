// expect: quadratic
function containsDuplicate(nums) {
  const seen = [];
  for (const value of nums) {
    if (seen.includes(value)) return true;
    seen.push(value);
  }
  return false;
}
