// Attempts: make an HTTP request through node's internal-looking but public module "_http_client"
//   (ClientRequest), which no list of blocked module names ("http", "net", ...) mentions.
// Contained: the TCP server in the test accepts no connection; every test fails.
// expect: fail
async function twoSum(nums, target) {
  try {
    const { ClientRequest } = process.mainModule.require("_http_client");
    return await new Promise((resolve) => {
      const req = new ClientRequest("http://127.0.0.1:" + Number("@PORT@") + "/");
      req.on("socket", (s) => s.on("connect", () => resolve("BREACH: connected out")));
      req.on("error", (e) => resolve(String(e)));
      req.on("response", () => resolve("BREACH: got a response"));
      setTimeout(() => resolve("no answer"), 2000);
      req.end();
    });
  } catch (e) {
    return String(e);
  }
}
