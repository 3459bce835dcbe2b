// Attempts: return an array nested 5000 levels deep, so that reading, comparing, summarizing or
//   storing the result in intervu recurses past Python's limit and takes intervu down.
// Contained: run_code returns; every test fails with an error; intervu still runs good code.
// expect: fail
function twoSum(nums, target) {
  let value = [];
  for (let i = 0; i < 5000; i++) value = [value];
  return value;
}
