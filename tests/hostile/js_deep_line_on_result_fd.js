// Attempts: write, straight to the results pipe, lines naming tests whose values nest 200000
//   levels deep (arrays, then objects), so that intervu's JSON parser recurses to death.
// Contained: run_code returns; every test fails; intervu still runs good code.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  const fd = Number(process.argv[2]); // the harness's results descriptor
  const depth = 200000;
  fs.writeSync(fd, '{"name": "example 1", "actual": ' + "[".repeat(depth) + "]".repeat(depth) + "}\n");
  fs.writeSync(fd, '{"name": "example 2", "actual": ' + '{"a":'.repeat(depth) + "1" + "}".repeat(depth) + "}\n");
  return [0, 0];
}
