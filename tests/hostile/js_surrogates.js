// Attempts: break how intervu shows text: lone surrogates (which no UTF-8 stream can encode) in
//   printed output, in a returned value and in an exception's message; invalid UTF-8 bytes written
//   straight to stdout; at load time and in the tests.
// Contained: run_code returns; `intervu run` ends normally (no traceback) with its summary; every
//   test fails.
// expect: fail
// via: run_code, cli
console.log("\ud800 at load");
process.stdout.write(Buffer.from([0xff, 0xfe, 0x0a]));

function twoSum(nums, target) {
  console.log("\ud800 lone surrogate", "\udcff");
  process.stdout.write(Buffer.from([0xff, 0xfe, 0x0a]));
  if (nums.length === 4) throw new Error("a message with \udc80 in it");
  if (nums.length === 3) return ["\ud800", "\udfff"];
  return [0, 0];
}
