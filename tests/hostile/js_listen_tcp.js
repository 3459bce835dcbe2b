// Attempts: open a door into the run: a TCP server on 127.0.0.1, through net.createServer() and,
//   past a wrapper on the classes, through net._createServerHandle() (a bare handle), waiting a
//   few seconds for someone (the test knocks all the while) to connect.
// Contained: the test cannot connect to the port; every test fails.
// expect: fail
async function twoSum(nums, target) {
  const port = Number("@FREE_PORT@");
  let net;
  try {
    net = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("net") : process.mainModule.require("net");
  } catch (e) {
    return [String(e)];
  }
  const out = [];
  try {
    net.createServer().listen(port, "127.0.0.1").on("error", () => {});
  } catch (e) {
    out.push(String(e));
  }
  try {
    const handle = net._createServerHandle("127.0.0.1", port, 4);
    if (typeof handle === "number") {
      out.push(`no handle (${handle})`);
    } else {
      out.push(await new Promise((resolve) => {
        handle.onconnection = () => resolve("BREACH: someone outside connected in");
        const err = handle.listen(5);
        if (err) resolve(`listen refused (${err})`);
        else out.push(`BREACH: listening on 127.0.0.1:${port}`);
        setTimeout(() => resolve("listened, nobody came"), 3000);
      }));
      handle.close();
    }
  } catch (e) {
    out.push(String(e));
  }
  return out;
}
