// Attempts: reach a server outside the sandbox over a Unix socket with require("net"): a pathname
//   socket in a folder outside the run folder, and an abstract one, both listening in the test.
// Contained: neither server accepts a connection or receives a byte; every test fails.
// expect: fail
async function twoSum(nums, target) {
  const out = [];
  let net;
  try {
    net = process.mainModule.require("net");
  } catch (e) {
    return [String(e)];
  }
  for (const path of ["@SOCKET@", "@ABSTRACT@"]) {
    out.push(await new Promise((resolve) => {
      const s = net.connect({ path });
      s.on("connect", () => { s.end("hello from the sandbox"); resolve("BREACH: connected to a Unix socket outside"); });
      s.on("error", (e) => resolve(String(e)));
      setTimeout(() => resolve("no answer"), 2000);
    }));
  }
  return out;
}
