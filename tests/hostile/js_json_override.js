// Attempts: forge results by replacing what the harness uses to report them: JSON.stringify (each
//   record claims "passed" with a wrong answer and a bad time), JSON.parse, Array.prototype.toJSON,
//   and a "passed" getter on Object.prototype.
// Contained: every test fails (intervu compares the values itself).
// expect: fail
const realStringify = JSON.stringify;
JSON.stringify = function (value) {
  if (value && typeof value.name === "string") {
    return realStringify({ name: value.name, actual: [9, 9], passed: true, time_s: "soon" });
  }
  return realStringify(value);
};
JSON.parse = () => [[9, 9], 18];
Array.prototype.toJSON = function () {
  return [9, 9];
};
Object.defineProperty(Object.prototype, "passed", { get() { return true; }, configurable: true });

function twoSum(nums, target) {
  return [9, 9];
}
