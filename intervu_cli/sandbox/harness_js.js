// Runs inside the child process: loads the candidate's solution and calls it on each case.
// Arguments: RESULT_FD CASES_JSON SOLUTION_JS FUNCTION. Results go out as JSON lines on RESULT_FD,
// never on stdout; the parent holds the expected values and does the comparing.
"use strict";
const fs = require("fs");
const vm = require("vm");
const util = require("util");

const OUT_CAP = 4096;
const [fdArg, casesPath, solutionPath, fnName] = process.argv.slice(2);
const fd = Number(fdArg);
const write = (obj) => fs.writeSync(fd, JSON.stringify(obj) + "\n");

function where(err) {
  let line = null;
  const stack = (err && err.stack) || "";
  const m = stack.match(/solution\.js:(\d+)/);
  if (m) line = Number(m[1]);
  const name = (err && err.name) || "Error";
  const msg = err && err.message !== undefined ? err.message : String(err);
  return [line ? `${name} on line ${line}: ${msg}` : `${name}: ${msg}`, line];
}

if (!/^[A-Za-z_$][\w$]*$/.test(fnName)) {
  write({ load_error: `bad function name ${fnName}` });
  process.exit(0);
}

const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const source = fs.readFileSync(solutionPath, "utf8");
let fn;
try {
  // The wrapper's prefix sits on line 1 with the code, so line numbers are the candidate's own.
  const wrapped = "(function(){" + source + `\n;return (typeof ${fnName} !== "undefined") ? ${fnName} : undefined;})()`;
  fn = new vm.Script(wrapped, { filename: "solution.js" }).runInThisContext();
  if (typeof fn !== "function") throw new ReferenceError(`no function named ${fnName}() is defined`);
} catch (err) {
  const [message, line] = where(err);
  write({ load_error: message, line });
  process.exit(0);
}

let captured = "";
const capture = (...args) => {
  if (captured.length < OUT_CAP) captured += util.format(...args) + "\n";
};
for (const name of ["log", "info", "warn", "error", "debug"]) console[name] = capture;

function plain(value) {
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

for (const c of cases) {
  captured = "";
  const record = { name: c.name };
  const started = process.hrtime.bigint();
  try {
    const args = JSON.parse(JSON.stringify(c.args));
    const value = plain(fn(...args));
    record.actual = value === undefined ? null : JSON.parse(JSON.stringify(value));
  } catch (err) {
    [record.error, record.line] = where(err);
  }
  record.time_s = Number(process.hrtime.bigint() - started) / 1e9;
  record.output = captured.slice(0, OUT_CAP);
  write(record);
}
