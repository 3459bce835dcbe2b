// Attempts: get the network modules the harness keeps from require() another way, with
//   process.getBuiltinModule("net") / ("dgram") (node 20.16+), and reach servers in the test: TCP
//   on 127.0.0.1, a pathname and an abstract Unix socket, a UDP datagram.
// Contained: no server in the test accepts a connection or receives a byte; every test fails.
// expect: fail
function tcp(net, options) {
  return new Promise((resolve) => {
    const s = net.connect(options);
    s.on("connect", () => { s.end("hello from the sandbox"); resolve("BREACH: connected out"); });
    s.on("error", (e) => resolve(String(e)));
    setTimeout(() => resolve("no answer"), 2000);
  });
}

async function twoSum(nums, target) {
  const out = [];
  if (typeof process.getBuiltinModule !== "function") return ["no process.getBuiltinModule here"];
  try {
    const net = process.getBuiltinModule("net");
    out.push(await tcp(net, { host: "127.0.0.1", port: Number("@PORT@") }));
    out.push(await tcp(net, { path: "@SOCKET@" }));
    out.push(await tcp(net, { path: "@ABSTRACT@" }));
  } catch (e) {
    out.push(String(e));
  }
  try {
    const dgram = process.getBuiltinModule("dgram");
    out.push(await new Promise((resolve) => {
      const s = dgram.createSocket("udp4");
      s.on("error", (e) => resolve(String(e)));
      s.send("hello from the sandbox", Number("@UDP_PORT@"), "127.0.0.1", (err) => {
        s.close();
        resolve(err ? String(err) : "BREACH: sent a datagram");
      });
    }));
  } catch (e) {
    out.push(String(e));
  }
  return out;
}
