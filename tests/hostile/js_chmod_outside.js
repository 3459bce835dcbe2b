// Attempts: change the metadata of a file outside the run folder (no content written): chmod 777
//   and set its times to 1970. Landlock rules cover reads and writes of contents, not metadata.
// Contained: the file's mode and times are unchanged; every test fails.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  const out = [];
  for (const attempt of [() => fs.chmodSync("@VICTIM@", 0o777), () => fs.utimesSync("@VICTIM@", 0, 0)]) {
    try {
      attempt();
      out.push("BREACH: changed a file outside");
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
