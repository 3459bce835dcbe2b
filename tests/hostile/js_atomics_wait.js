// Attempts: block the main thread forever in Atomics.wait, using no CPU (so no CPU limit fires).
// Contained: the run times out; nothing is left running.
// expect: timeout
// timeout: 1.5
function twoSum(nums, target) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
