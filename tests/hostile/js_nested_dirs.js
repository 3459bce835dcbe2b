// Attempts: leave 3000 nested directories in the run folder (a path far past PATH_MAX), files
//   among them, and the top one chmod 000, so that removing the run folder raises or gives up.
// Contained: run_code returns; no intervu-run-* folder is left; intervu still runs good code.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  if (fs.existsSync("d")) return [-1, -1];
  const top = process.cwd();
  try {
    for (let i = 0; i < 3000; i++) {
      fs.mkdirSync("d");
      if (i % 300 === 0) fs.writeFileSync("f", "x".repeat(100));
      process.chdir("d");
    }
  } catch (e) {
    // as deep as it got
  }
  process.chdir(top);
  fs.chmodSync("d", 0);
  return [-1, -1];
}
