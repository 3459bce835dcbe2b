// Attempts: reach intervu through /proc: read its environment, command line and memory map, and
//   write its oom_score_adj (to make it the OOM killer's first pick) and its comm (its name).
// Contained: nothing of the parent comes back (its environment holds a secret the test checks
//   for); its oom_score_adj and name are unchanged; every test fails.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  const out = [];
  const ppid = process.ppid;
  for (const name of ["environ", "cmdline", "maps"]) {
    try {
      out.push(fs.readFileSync(`/proc/${ppid}/${name}`, "latin1"));
    } catch (e) {
      out.push(String(e));
    }
  }
  for (const [name, data] of [["oom_score_adj", "1000"], ["comm", "owned"]]) {
    try {
      fs.writeFileSync(`/proc/${ppid}/${name}`, data);
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
