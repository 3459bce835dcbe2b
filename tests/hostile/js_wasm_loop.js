// Attempts: an endless loop inside WebAssembly, where no JavaScript-level interrupt reaches it:
//   (module (func (export "spin") (loop (br 0)))).
// Contained: the run times out; nothing is left running.
// expect: timeout
// timeout: 1.5
const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
  7, 8, 1, 4, 0x73, 0x70, 0x69, 0x6e, 0, 0, 0x0a, 9, 1, 7, 0, 3, 0x40, 0x0c, 0, 0x0b, 0x0b]);

function twoSum(nums, target) {
  new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.spin();
}
