// Attempts: slow intervu down from inside the run: os.setPriority(process.ppid, 19).
// Contained: the parent's nice value is unchanged; every test fails.
// expect: fail
function twoSum(nums, target) {
  try {
    process.mainModule.require("os").setPriority(process.ppid, 19);
    return "BREACH: reniced the parent";
  } catch (e) {
    return String(e);
  }
}
