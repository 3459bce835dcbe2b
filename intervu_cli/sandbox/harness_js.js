// Runs inside the child process: loads the candidate's solution and calls it on each case.
// Arguments: RESULT_FD CASES_JSON SOLUTION_JS FUNCTION. jail.py has confined the process before
// exec'ing node and says in INTERVU_LAYERS which kernel layers it applied. Results go out as JSON
// lines on RESULT_FD, never on stdout; the parent holds the expected values and does the
// comparing. The last line is {"done":true}; then the process exits, whatever timers are left.
"use strict";
const fs = require("fs");
const vm = require("vm");
const util = require("util");

// Where a kernel layer is missing, stand in for it here, more weakly. (Without Landlock or seccomp,
// node also runs under its own permission model: files, child processes, workers, addons.)
const layers = (process.env.INTERVU_LAYERS || "").split(",");
delete process.env.INTERVU_LAYERS;
if (!layers.includes("netns")) {
  const closed = () => { throw new Error("the network is not available in the sandbox"); };
  for (const name of ["fetch", "WebSocket", "EventSource", "XMLHttpRequest"]) {
    if (name in globalThis) Object.defineProperty(globalThis, name, { get: closed, configurable: false });
  }
  const blocked = new Set(["net", "http", "https", "http2", "tls", "dgram", "dns", "child_process", "cluster", "worker_threads", "inspector"]);
  const Module = require("module");
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (blocked.has(String(request).replace(/^node:/, ""))) throw new Error(`${request} is not available in the sandbox`);
    return load.call(this, request, ...rest);
  };
}
if (!layers.includes("seccomp")) {
  const kill = process.kill.bind(process);
  process.kill = (pid, sig) => {
    if (pid !== process.pid && pid !== 0) throw new Error("signalling other processes is not allowed in the sandbox");
    return kill(pid, sig);
  };
}

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
  write({ done: true });
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
  write({ done: true });
  process.exit(0);
}

let captured = "";
let overflow = false;
const capture = (...args) => {
  if (captured.length < OUT_CAP) captured += util.format(...args).slice(0, OUT_CAP) + "\n";
  else overflow = true;
};
for (const name of ["log", "info", "warn", "error", "debug"]) console[name] = capture;

function plain(value) {
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

async function runAll() {
for (const c of cases) {
  captured = "";
  overflow = false;
  const record = { name: c.name };
  const started = process.hrtime.bigint();
  try {
    const args = JSON.parse(JSON.stringify(c.args));
    let value = fn(...args);
    if (value && typeof value.then === "function") value = await value; // an async solution
    value = plain(value);
    record.actual = value === undefined ? null : JSON.parse(JSON.stringify(value));
  } catch (err) {
    [record.error, record.line] = where(err);
  }
  record.time_s = Number(process.hrtime.bigint() - started) / 1e9;
  record.output = captured.slice(0, OUT_CAP) + (overflow || captured.length > OUT_CAP ? "\n[output truncated]" : "");
  let line;
  try {
    line = JSON.stringify(record);
  } catch (err) {
    line = JSON.stringify({ name: c.name, error: `the result cannot be reported: ${err.message}`, time_s: record.time_s });
  }
  fs.writeSync(fd, line + "\n");
}
}

const exit = process.exit.bind(process);
runAll().then(
  () => {
    write({ done: true });
    exit(0); // timers and promises the candidate left behind end here
  },
  (err) => {
    write({ load_error: `the harness failed: ${err && err.message}` });
    exit(0);
  },
);
