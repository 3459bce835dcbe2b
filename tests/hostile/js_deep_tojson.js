// Attempts: smuggle a deep value past a check on the returned value itself: objects whose toJSON()
//   (and Symbol.toPrimitive) hand JSON.stringify a 3000-deep array only when it serializes them,
//   and a toJSON nested inside a toJSON; one 100000 deep, past V8's own stack.
// Contained: run_code returns; every test fails; intervu still runs good code.
// expect: fail
function deep(n) {
  let v = 0;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

function twoSum(nums, target) {
  if (nums.length === 4) return { toJSON() { return deep(3000); } };
  if (nums.length === 3) {
    return { [Symbol.toPrimitive]() { return deep(3000); }, toJSON() { return { a: { toJSON() { return deep(3000); } } }; } };
  }
  return { toJSON: () => deep(100000) };
}
