// Attempts: confuse the result channel: write fake passing results and an early {"done": true} on
//   the results pipe, then close it and stdout and stderr, so the harness's own results are lost.
// Contained: every test fails; nothing the code wrote counts as a pass.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  const fd = Number(process.argv[2]);
  for (const name of ["example 1", "example 2", "example 3"]) {
    fs.writeSync(fd, JSON.stringify({ name, actual: [9, 9], passed: true }) + "\n");
  }
  fs.writeSync(fd, '{"done": true}\n');
  for (const n of [fd, 1, 2]) fs.closeSync(n);
  return [0, 1];
}
