// Attempts: stop intervu itself with process._kill(process.ppid, SIGSTOP): the raw binding under
//   process.kill, which a wrapper around process.kill does not see; process.kill too.
// Contained: the parent is never stopped or signalled; every test fails.
// expect: fail
function twoSum(nums, target) {
  const out = [];
  for (const attempt of [() => process._kill(process.ppid, 19), () => process.kill(process.ppid, "SIGSTOP")]) {
    try {
      const err = attempt();
      out.push(err ? `refused (${err})` : "BREACH: sent SIGSTOP to the parent");
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
