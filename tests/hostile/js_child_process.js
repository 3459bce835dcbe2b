// Attempts: start a process that outlives the run, three ways: require("child_process").spawn
//   detached, process.getBuiltinModule("child_process").spawnSync of a shell that backgrounds a
//   sleep, and the raw process.binding("spawn_sync").
// Contained: no process started by the run is alive after run_code returns; every test fails.
// expect: fail
const env = { PATH: "/usr/bin:/bin", HOSTILE_MARKER: "@MARKER@" };

function twoSum(nums, target) {
  const out = [];
  const attempts = [
    () => {
      const child = process.mainModule.require("child_process")
        .spawn("/bin/sleep", ["300"], { detached: true, stdio: "ignore", env });
      child.on("error", () => {});
      child.unref();
      return child.pid;
    },
    () => process.getBuiltinModule("child_process").spawnSync("/bin/sh", ["-c", "sleep 300 &"], { env }).pid,
    () => process.binding("spawn_sync").spawn({
      file: "/bin/sleep", args: ["sleep", "300"], envPairs: ["HOSTILE_MARKER=" + env.HOSTILE_MARKER],
      stdio: [{ type: "ignore" }, { type: "ignore" }, { type: "ignore" }], detached: true,
    }).pid,
  ];
  for (const attempt of attempts) {
    try {
      const pid = attempt();
      out.push(pid ? `started process ${pid}` : "no process");
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
