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
// What the stand-ins call is bound here: the candidate's code can replace Function.prototype.call,
// String.prototype.replace or process.pid, not these.
const layers = (process.env.INTERVU_LAYERS || "").split(",");
delete process.env.INTERVU_LAYERS;
const { apply } = Reflect;
const { defineProperty, getPrototypeOf } = Object;
const fixed = (obj, name, value) => defineProperty(obj, name, { value, writable: false, configurable: false });
if (!layers.includes("netns") || !layers.includes("seccomp")) {
  // No sockets: without the network namespace they reach the network, and without seccomp a Unix
  // socket's path reaches any program on the machine (the tmux server, an SSH agent, a database).
  // Node's permission model (20) has no say over sockets.
  const message = layers.includes("netns") ? "sockets are not available in the sandbox" : "the network is not available in the sandbox";
  const closed = () => { throw new Error(message); };
  for (const name of ["fetch", "WebSocket", "EventSource", "XMLHttpRequest"]) {
    if (name in globalThis) defineProperty(globalThis, name, { get: closed, configurable: false });
  }
  const blocked = new Set(["net", "http", "https", "http2", "tls", "dgram", "dns", "child_process", "cluster", "worker_threads", "inspector"]);
  const has = Set.prototype.has;
  const replace = String.prototype.replace;
  const net = require("net");
  const Module = require("module");
  const load = Module._load;
  const refuse = (request) => {
    if (apply(has, blocked, [apply(replace, `${request}`, [/^node:/, ""])])) throw new Error(`${request} is not available in the sandbox`);
  };
  fixed(Module, "_load", function (request, ...rest) {
    refuse(request);
    return apply(load, this, [request, ...rest]);
  });
  // The other ways to a module: process.getBuiltinModule() (no require() at all), and the raw
  // handles under every module above (process.binding("tcp_wrap"), "udp_wrap", "pipe_wrap",
  // "cares_wrap"), and net's own maker of listening handles.
  if (typeof process.getBuiltinModule === "function") {
    const getBuiltin = process.getBuiltinModule;
    fixed(process, "getBuiltinModule", function (id) {
      refuse(id);
      return apply(getBuiltin, process, [id]);
    });
  }
  fixed(process, "binding", closed);
  fixed(process, "_linkedBinding", closed);
  fixed(net, "_createServerHandle", closed);
  // What is loaded already reaches those classes without a require() (process.stdout is a
  // net.Socket, its handle a Pipe): connecting, listening and binding are taken from the classes.
  fixed(net.Socket.prototype, "connect", closed);
  fixed(net.Server.prototype, "listen", closed);
  for (const stream of [process.stdout, process.stderr]) {
    const handle = stream && stream._handle;
    const proto = handle && getPrototypeOf(handle);
    for (const name of ["connect", "connect6", "bind", "bind6", "listen"]) {
      if (proto && name in proto) fixed(proto, name, closed);
    }
  }
}
if (!layers.includes("landlock")) {
  // A diagnostic report is written wherever process.report.directory points, and node's permission
  // model checks only a file name given to writeReport(): no reports.
  defineProperty(process, "report", { get: () => { throw new Error("process.report is not available in the sandbox"); }, configurable: false });
}
if (!layers.includes("seccomp")) {
  // process.kill() ends in process._kill(), which the candidate's code can call itself: the check
  // stands there, against the pid as it is now.
  const self = process.pid;
  const kill = process._kill;
  fixed(process, "_kill", function (pid, sig) {
    const target = typeof pid === "number" ? pid | 0 : NaN;
    if (target !== self && target !== 0 && target !== -self) {
      throw new Error("signalling other processes is not allowed in the sandbox");
    }
    return apply(kill, process, [target, sig]);
  });
  // os.setPriority(pid, ...) would lower intervu's own priority: only this process's is its to set.
  const os = require("os");
  const setPriority = os.setPriority;
  fixed(os, "setPriority", function (...args) {
    const target = args.length > 1 ? (typeof args[0] === "number" ? args[0] | 0 : NaN) : 0;
    if (target !== self && target !== 0) throw new Error("setting another process's priority is not allowed in the sandbox");
    return apply(setPriority, os, args);
  });
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

// --- structures: what a test's JSON becomes before the call, and back after it ----------------------
// The classes are in the candidate's scope already, as on the usual interview sites; a class the
// candidate declares under the same name shadows it there, and results are read by duck typing.
const NODE_CAP = 200000;

class ListNode {
  constructor(val = 0, next = null) {
    this.val = val;
    this.next = next;
  }
}

class TreeNode {
  constructor(val = 0, left = null, right = null) {
    this.val = val;
    this.left = left;
    this.right = right;
  }
}

class Node {
  // a graph's node: its value and the array of its neighbours
  constructor(val = 0, neighbors = []) {
    this.val = val;
    this.neighbors = neighbors;
  }
}

class ShapeError extends Error {
  constructor(message) {
    super(message);
    this.name = "ShapeError";
  }
}

function linked(values) {
  let head = null;
  for (let i = values.length - 1; i >= 0; i--) head = new ListNode(values[i], head);
  return head;
}

function tree(level) {
  if (!level.length || level[0] === null) return null;
  const root = new TreeNode(level[0]);
  const queue = [root];
  let i = 1;
  for (let q = 0; q < queue.length && i < level.length; q++) {
    const node = queue[q];
    if (level[i] !== null) queue.push((node.left = new TreeNode(level[i])));
    i++;
    if (i < level.length && level[i] !== null) queue.push((node.right = new TreeNode(level[i])));
    i++;
  }
  return root;
}

function findNode(root, value) {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (node.val === value) return node;
    stack.push(node.left, node.right);
  }
  throw new ShapeError(`the test names a node ${JSON.stringify(value)} that is not in the tree`);
}

const BAD_VERSION_BUDGET = 64;
function badVersions(first) {
  // isBad(version) for a first-bad-version problem; it counts its calls, as the real API would bill them
  let calls = 0;
  return (version) => {
    calls++;
    if (calls > BAD_VERSION_BUDGET) {
      throw new ShapeError(`isBad() was called more than ${BAD_VERSION_BUDGET} times: find the version with far fewer checks`);
    }
    return version >= first;
  };
}

function build(type, value, built, originals) {
  if (type === "linked_list") return linked(value);
  if (type === "linked_lists") return value.map(linked);
  if (type === "cyclic_list") {
    const head = linked(value.values);
    if (value.pos >= 0 && head) {
      let tail = head;
      let target = null;
      for (let i = 0; ; i++) {
        if (i === value.pos) target = tail;
        if (!tail.next) break;
        tail = tail.next;
      }
      tail.next = target;
    }
    return head;
  }
  if (type === "tree") return tree(value);
  if (type.startsWith("node_of:")) return findNode(built[type.slice("node_of:".length)], value);
  if (type === "graph") {
    const nodes = value.map((_, i) => new Node(i + 1, []));
    value.forEach((row, i) => { nodes[i].neighbors = row.map((j) => nodes[j - 1]); });
    nodes.forEach((n) => originals.add(n));
    return nodes.length ? nodes[0] : null;
  }
  if (type === "bad_version") return badVersions(value);
  return value;
}

function read(type, value, originals) {
  if (type === "linked_list") {
    const out = [];
    const seen = new Set();
    for (let node = value; node !== null && node !== undefined; node = node.next) {
      if (seen.has(node) || out.length >= NODE_CAP) throw new ShapeError("the returned list loops back on itself");
      seen.add(node);
      out.push(node.val);
    }
    return out;
  }
  if (type === "tree") {
    const out = [];
    const seen = new Set();
    const queue = [value];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q];
      if (node === null || node === undefined) {
        out.push(null);
        continue;
      }
      if (seen.has(node) || out.length >= NODE_CAP) throw new ShapeError("the returned tree reaches a node twice (it is not a tree)");
      seen.add(node);
      out.push(node.val);
      queue.push(node.left, node.right);
    }
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  }
  if (type === "tree_node") return value === null || value === undefined ? null : value.val;
  if (type === "graph") {
    if (value === null || value === undefined) return [];
    const byVal = new Map();
    const queue = [value];
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q];
      if (originals.has(node)) throw new ShapeError("the result shares nodes with the original graph: build new ones");
      if (byVal.has(node.val)) {
        if (byVal.get(node.val) !== node) throw new ShapeError(`two different nodes have the value ${node.val}`);
        continue;
      }
      byVal.set(node.val, node);
      queue.push(...node.neighbors);
    }
    return [...byVal.keys()].sort((a, b) => a - b).map((v) => byVal.get(v).neighbors.map((n) => n.val));
  }
  return value;
}

let progress = null; // for a design problem: the operation being played, for an error's message
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function caller(fn, shape) {
  const kind = shape.kind || "function";
  const params = shape.params || [];
  const types = shape.types || params.map(() => "value");
  const returns = shape.returns || "value";
  if (kind === "design") {
    return (args) => {
      const [ops, argumentsList] = args;
      progress = `building ${ops[0]}`;
      const obj = new fn(...argumentsList[0]);
      const out = [null];
      for (let i = 1; i < ops.length; i++) {
        const name = camel(ops[i]);
        if (typeof obj[name] !== "function") {
          throw new ShapeError(`${fn.name || "the class"} has no method ${name}() (operation ${i + 1})`);
        }
        progress = `operation ${i + 1}, ${name}(${argumentsList[i].map((a) => JSON.stringify(a)).join(", ")})`;
        const value = plain(obj[name](...argumentsList[i]));
        out.push(value === undefined ? null : value);
      }
      progress = null;
      return out;
    };
  }
  return (args) => {
    const built = {};
    const originals = new Set();
    const values = params.map((name, i) => (built[name] = build(types[i], args[i], built, originals)));
    let result;
    if (kind === "codec") {
      const text = new fn().serialize(values[0]);
      if (typeof text !== "string") throw new ShapeError(`serialize() returned a ${typeof text}, not a string`);
      result = new fn().deserialize(text);
    } else {
      result = fn(...values);
    }
    if (returns.startsWith("param:")) {
      const name = returns.slice("param:".length);
      const type = types[params.indexOf(name)];
      return read({ linked_list: "linked_list", tree: "tree", graph: "graph" }[type] || "value", built[name], originals);
    }
    return read(returns, result, originals);
  };
}

const loaded = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const [shape, cases] = Array.isArray(loaded) ? [{}, loaded] : [loaded.shape || {}, loaded.cases];
const source = fs.readFileSync(solutionPath, "utf8");
let fn;
let call;
let stage = "compile"; // then "run" (the module's own code), "missing" (no such function): load_error's stage
try {
  // The wrapper's prefix sits on line 1 with the code, so line numbers are the candidate's own.
  const wrapped = "(function(ListNode, TreeNode, Node){return (function(){" + source +
    `\n;return (typeof ${fnName} !== "undefined") ? ${fnName} : undefined;})()})`;
  const script = new vm.Script(wrapped, { filename: "solution.js" });
  stage = "run";
  fn = script.runInThisContext()(ListNode, TreeNode, Node);
  if (typeof fn !== "function") {
    stage = "missing";
    const what = (shape.kind || "function") === "function" ? `function named ${fnName}()` : `class named ${fnName}`;
    throw new ReferenceError(`no ${what} is defined`);
  }
  stage = "run";
  call = caller(fn, shape);
} catch (err) {
  const [message, line] = where(err);
  write({ load_error: message, line, stage });
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

// A result nested deeper than this is refused, as the test's error (MAX_DEPTH in __init__.py, which
// drops deeper lines unread): everything that reads or walks a value recurses once per level.
const MAX_DEPTH = 100;
const TOO_DEEP = `returned a value nested too deeply (over ${MAX_DEPTH} levels)`;

function depthOf(text) {
  // how deep JSON text nests its arrays and objects (brackets inside strings skipped)
  let depth = 0;
  let most = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) most = Math.max(most, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return most;
}

function reportable(value) {
  // the value as plain JSON data (a toJSON() applied), or the test's error when it nests too deeply
  let text;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw new ShapeError(TOO_DEEP);
    throw err;
  }
  if (typeof text === "string" && depthOf(text) > MAX_DEPTH) throw new ShapeError(TOO_DEEP);
  return JSON.parse(text);
}

async function runAll() {
for (const c of cases) {
  captured = "";
  overflow = false;
  const record = { name: c.name };
  const started = process.hrtime.bigint();
  try {
    const args = JSON.parse(JSON.stringify(c.args));
    progress = null;
    let value = call(args);
    if (value && typeof value.then === "function") value = await value; // an async solution
    value = plain(value);
    record.actual = value === undefined ? null : reportable(value);
  } catch (err) {
    [record.error, record.line] = where(err);
    if (progress) record.error = `${progress}: ${record.error}`;
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

// Time mode: for each size in order, the call repeated on a fresh copy of its input until the
// size's share of time is spent (the best time kept: the least disturbed by the rest of the
// machine). A call slower than cap_s stops the climb: the next size would take too long.
function timedCall(fn, shape) {
  const kind = shape.kind || "function";
  if (kind === "design") return [(args) => args, caller(fn, shape)];
  const params = shape.params || [];
  const types = shape.types || params.map(() => "value");
  const prepare = (args) => {
    const built = {};
    const originals = new Set();
    return params.map((name, i) => (built[name] = build(types[i], args[i], built, originals)));
  };
  if (kind === "codec") return [prepare, (values) => new fn().deserialize(new fn().serialize(values[0]))];
  return [prepare, (values) => fn(...values)];
}

async function timeAll() {
  const sizeS = Number(loaded.size_s || 0.08);
  const capS = Number(loaded.cap_s || 0.3);
  const maxReps = Number(loaded.max_reps || 500);
  const [prepare, invoke] = timedCall(fn, shape);
  for (const c of cases) {
    const text = JSON.stringify(c.args);
    const record = { name: c.name, n: c.n };
    let best = null;
    let reps = 0;
    const began = process.hrtime.bigint();
    try {
      for (;;) {
        const values = prepare(JSON.parse(text));
        const started = process.hrtime.bigint();
        let value = invoke(values);
        if (value && typeof value.then === "function") value = await value;
        const took = Number(process.hrtime.bigint() - started) / 1e9;
        best = best === null ? took : Math.min(best, took);
        reps += 1;
        const spent = Number(process.hrtime.bigint() - began) / 1e9;
        if (took >= capS || reps >= maxReps || (reps >= 3 && spent >= sizeS)) break;
      }
    } catch (err) {
      [record.error, record.line] = where(err);
    }
    if (best !== null && record.error === undefined) {
      record.best_s = best;
      record.reps = reps;
    }
    fs.writeSync(fd, JSON.stringify(record) + "\n");
    if (record.error !== undefined || (best !== null && best >= capS)) break;
  }
}

const exit = process.exit.bind(process);
(loaded.mode === "time" ? timeAll() : runAll()).then(
  () => {
    write({ done: true });
    exit(0); // timers and promises the candidate left behind end here
  },
  (err) => {
    write({ load_error: `the harness failed: ${err && err.message}` });
    exit(0);
  },
);
