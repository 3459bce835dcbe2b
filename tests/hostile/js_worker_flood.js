// Attempts: burn the machine with worker threads that spin forever and outlive the call, while
//   the main thread spins too.
// Contained: the run is stopped (timed out or out of CPU time); nothing is left running.
// expect: fail
// timeout: 2
function twoSum(nums, target) {
  const { Worker } = process.mainModule.require("worker_threads");
  for (let i = 0; i < 4; i++) new Worker("while (true) {}", { eval: true });
  for (;;) {}
}
