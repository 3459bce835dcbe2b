// Attempts: forge the end of the run: a process "exit" handler that writes passing results and
//   {"done": true} to the results pipe, then process.exit() in the first test.
// Contained: every test fails.
// expect: fail
const fs = process.mainModule.require("fs");
const fd = Number(process.argv[2]);

process.on("exit", () => {
  for (const name of ["example 1", "example 2", "example 3"]) {
    fs.writeSync(fd, JSON.stringify({ name, actual: [9, 9], passed: true }) + "\n");
  }
  fs.writeSync(fd, '{"done": true}\n');
});

function twoSum(nums, target) {
  process.exitCode = 0;
  process.exit(0);
}
