"""Confines the process it runs in: the kernel-level layers of the sandbox.

Standard library only, and importable on its own: the Python harness imports it and confines
itself before it loads the candidate's code; for JavaScript it runs as a script
(`python -I -S jail.py CONFIG_JSON -- node ...`), confines itself and then execs node, which
inherits every layer.

Layers, each applied where the platform has it and each reported by name:

- ``limits``   rlimits: CPU seconds, memory (address space, or data segment for node, whose V8
               reserves far more address space than it uses), file size, open files, no core files.
- ``netns``    ``unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC)``: an unprivileged user,
               network and IPC namespace. The only interface is a loopback that is down: no network
               at all, and no abstract Unix sockets of the machine's; no System V IPC objects or
               POSIX message queues of other processes either.
- ``landlock`` Linux Landlock: reads only the interpreter, its standard library and the run's own
               directory; writes only in the run's own directory; no TCP (ABI 4+).
- ``seccomp``  a seccomp filter: no new processes (threads are fine), no signals to any other
               process and no changing its limits, no ptrace, no io_uring, no sockets at all
               (Landlock does not stop connect() to a Unix socket by its path: the tmux server, an
               SSH agent, a database); a connected socketpair() of its own leads nowhere and is
               allowed, but only of a stream kind (a datagram one can sendto() any path). And the
               parent-death signal set here cannot be cleared again. No changing another process's
               priority, CPUs or scheduling, nor any file's mode, owner, times or extended
               attributes (Landlock has no right for those).

Whatever is missing is made up for, more weakly, inside the harnesses (see harness_py.py and
harness_js.js): that is the "fallback" the run reports.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys

LAYERS = ("limits", "netns", "landlock", "seccomp")

# --- seccomp -----------------------------------------------------------------------------------

_ARCH = {
    # machine: (AUDIT_ARCH_*, syscall numbers)
    "x86_64": (
        0xC000003E,
        dict(fork=57, vfork=58, clone=56, clone3=435, kill=62, tkill=200, tgkill=234, rt_sigqueueinfo=129,
             rt_tgsigqueueinfo=297, ptrace=101, process_vm_readv=310, process_vm_writev=311, pidfd_open=434,
             pidfd_send_signal=424, pidfd_getfd=438, io_uring_setup=425, io_uring_enter=426,
             io_uring_register=427, socket=41, socketpair=53, prctl=157, prlimit64=302, perf_event_open=298,
             bpf=321, userfaultfd=323, add_key=248, request_key=249, keyctl=250, setpriority=141,
             ioprio_set=251, sched_setparam=142, sched_setscheduler=144, sched_setaffinity=203,
             sched_setattr=314, migrate_pages=256, move_pages=279, chmod=90, fchmod=91, chown=92, fchown=93,
             lchown=94, utime=132, utimes=235, futimesat=261, fchownat=260, fchmodat=268, utimensat=280,
             fchmodat2=452, setxattr=188, lsetxattr=189, fsetxattr=190, removexattr=197, lremovexattr=198,
             fremovexattr=199, setxattrat=463, removexattrat=466),
    ),
    "aarch64": (
        0xC00000B7,
        dict(clone=220, clone3=435, kill=129, tkill=130, tgkill=131, rt_sigqueueinfo=138, rt_tgsigqueueinfo=240,
             ptrace=117, process_vm_readv=270, process_vm_writev=271, pidfd_open=434, pidfd_send_signal=424,
             pidfd_getfd=438, io_uring_setup=425, io_uring_enter=426, io_uring_register=427, socket=198,
             socketpair=199, prctl=167, prlimit64=261, perf_event_open=241, bpf=280, userfaultfd=282, add_key=217,
             request_key=218, keyctl=219, setpriority=140, ioprio_set=30, sched_setparam=118,
             sched_setscheduler=119, sched_setaffinity=122, sched_setattr=274, migrate_pages=238, move_pages=239,
             fchmod=52, fchmodat=53, fchownat=54, fchown=55, utimensat=88, fchmodat2=452, setxattr=5, lsetxattr=6,
             fsetxattr=7, removexattr=14, lremovexattr=15, fremovexattr=16, setxattrat=463, removexattrat=466),
    ),
}
_DENIED = ("fork", "vfork", "tkill", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_open",
           "pidfd_send_signal", "pidfd_getfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
           "perf_event_open", "bpf", "userfaultfd", "add_key", "request_key", "keyctl", "socket",
           "setpriority", "ioprio_set",  # (a process, group or user: intervu's priority is not its to set)
           # A file's mode, owner, times and extended attributes: Landlock has no right for them, so a file
           # outside the run (readable, or merely reachable by path) could be changed. No solution needs them.
           "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat", "utime", "utimes",
           "futimesat", "utimensat", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
           "fremovexattr", "setxattrat", "removexattrat")
_OWN_PID_ONLY = ("prlimit64", "sched_setparam", "sched_setscheduler", "sched_setaffinity", "sched_setattr",
                 "migrate_pages", "move_pages")  # their first argument is a pid: 0 or its own
_CLONE_THREAD = 0x00010000
_SOCK_TYPE_MASK, _SOCK_STREAM, _SOCK_SEQPACKET = 0xF, 1, 5
_PR_SET_PDEATHSIG = 1
_EPERM, _ENOSYS = 1, 38
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000


def _errno(n: int) -> int:
    return 0x00050000 | n


def seccomp_program(pid: int, machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions. `pid` is the confined process's own pid: the
    only process it may signal."""
    arch, nr = _ARCH[machine or platform.machine()]
    ld_w_abs, jeq, jge, jset, ret, and_k = 0x20, 0x15, 0x35, 0x45, 0x06, 0x54
    ARCH_OFF, NR_OFF, ARG0_OFF, ARG1_OFF = 4, 0, 16, 24  # struct seccomp_data; the low half of args[n] (little-endian)

    prog: list[tuple] = []  # ("op", ...) with symbolic jump targets, resolved below

    def j(code: int, k: int, yes: str | None, no: str | None = None) -> None:
        prog.append(("jmp", code, k, yes, no))

    def label(name: str) -> None:
        prog.append(("label", name))

    def ins(code: int, k: int) -> None:
        prog.append(("ins", code, k))

    ins(ld_w_abs, ARCH_OFF)
    j(jeq, arch, None, "kill")  # a syscall of another ABI (i386 through int 0x80) kills the process
    ins(ld_w_abs, NR_OFF)
    if machine in (None, "x86_64") and arch == 0xC000003E:
        j(jge, 0x40000000, "enosys")  # the x32 ABI
    for name in _DENIED:
        if name in nr:
            j(jeq, nr[name], "eperm")
    j(jeq, nr["clone3"], "enosys")  # its flags sit behind a pointer; libc falls back to clone
    j(jeq, nr["clone"], "clone")
    j(jeq, nr["kill"], "kill_check")
    j(jeq, nr["tgkill"], "self_check")
    j(jeq, nr["rt_tgsigqueueinfo"], "self_check")
    j(jeq, nr["rt_sigqueueinfo"], "self_check")
    j(jeq, nr["socketpair"], "socketpair")
    j(jeq, nr["prctl"], "prctl")
    for name in _OWN_PID_ONLY:
        j(jeq, nr[name], "own_pid")
    ins(ret, _RET_ALLOW)
    label("clone")
    ins(ld_w_abs, ARG0_OFF)
    j(jset, _CLONE_THREAD, "allow", "eperm")
    label("kill_check")  # kill(0), kill(own pid), kill(-own pid): its own process group is itself
    ins(ld_w_abs, ARG0_OFF)
    j(jeq, 0, "allow")
    j(jeq, pid & 0xFFFFFFFF, "allow")
    j(jeq, (-pid) & 0xFFFFFFFF, "allow", "eperm")
    label("self_check")
    ins(ld_w_abs, ARG0_OFF)
    j(jeq, pid & 0xFFFFFFFF, "allow", "eperm")
    label("own_pid")  # 0 or its own pid: intervu's limits (its CPU time), CPUs or scheduling are not its to set
    ins(ld_w_abs, ARG0_OFF)
    j(jeq, 0, "allow")
    j(jeq, pid & 0xFFFFFFFF, "allow", "eperm")
    label("socketpair")
    ins(ld_w_abs, ARG1_OFF)
    ins(and_k, _SOCK_TYPE_MASK)  # SOCK_NONBLOCK and SOCK_CLOEXEC sit above the type
    j(jeq, _SOCK_STREAM, "allow")
    j(jeq, _SOCK_SEQPACKET, "allow", "eperm")
    label("prctl")  # the parent-death signal stays as confine() set it: a run cannot outlive intervu
    ins(ld_w_abs, ARG0_OFF)
    j(jeq, _PR_SET_PDEATHSIG, "eperm", "allow")
    label("allow")
    ins(ret, _RET_ALLOW)
    label("eperm")
    ins(ret, _errno(_EPERM))
    label("enosys")
    ins(ret, _errno(_ENOSYS))
    label("kill")
    ins(ret, _RET_KILL_PROCESS)

    where: dict[str, int] = {}
    index = 0
    for op in prog:
        if op[0] == "label":
            where[op[1]] = index
        else:
            index += 1
    out: list[tuple[int, int, int, int]] = []
    for op in prog:
        if op[0] == "label":
            continue
        here = len(out)
        if op[0] == "ins":
            out.append((op[1], 0, 0, op[2]))
            continue
        _, code, k, yes, no = op

        def offset(target: str | None) -> int:
            if target is None:
                return 0
            delta = where[target] - here - 1
            if not 0 <= delta < 256:
                raise ValueError(f"seccomp jump to {target} out of range")
            return delta

        out.append((code, offset(yes), offset(no), k))
    return out


def _apply_seccomp(libc, pid: int) -> None:
    import ctypes

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    program = seccomp_program(pid)
    filters = (SockFilter * len(program))(*[SockFilter(*i) for i in program])
    fprog = SockFprog(len(program), filters)
    _check(libc.prctl(38, 1, 0, 0, 0), "no_new_privs")  # PR_SET_NO_NEW_PRIVS
    _check(libc.prctl(22, 2, ctypes.byref(fprog), 0, 0), "seccomp")  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


# --- landlock ----------------------------------------------------------------------------------

_LL_FS_FILE = 0b1 | 0b10 | 0b100  # EXECUTE | WRITE_FILE | READ_FILE
_LL_READ = 0b1 | 0b100 | 0b1000  # EXECUTE | READ_FILE | READ_DIR
_NR_LANDLOCK = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # EXECUTE .. MAKE_SYM (ABI 1)
    if abi >= 2:
        rights |= 1 << 13  # REFER
    if abi >= 3:
        rights |= 1 << 14  # TRUNCATE
    if abi >= 5:
        rights |= 1 << 15  # IOCTL_DEV
    return rights


def _file_rights(abi: int) -> int:
    rights = _LL_FS_FILE
    if abi >= 3:
        rights |= 1 << 14
    if abi >= 5:
        rights |= 1 << 15
    return rights


def _apply_landlock(libc, read: list[str], read_files: list[str], write: list[str]) -> None:
    import ctypes

    create, add_rule, restrict = _NR_LANDLOCK[platform.machine()]
    abi = libc.syscall(create, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    if abi < 1:
        raise OSError(ctypes.get_errno(), "landlock is not enabled")
    fs = _fs_rights(abi)
    attr = [fs]
    if abi >= 4:
        attr.append(0b11)  # handled_access_net: BIND_TCP | CONNECT_TCP, and no rule allows either
    if abi >= 6:
        attr.append(0b11)  # scoped: ABSTRACT_UNIX_SOCKET | SIGNAL
    buf = (ctypes.c_uint64 * len(attr))(*attr)
    ruleset = libc.syscall(create, ctypes.byref(buf), ctypes.sizeof(buf), 0)
    _check(ruleset, "landlock ruleset")
    try:
        for paths, rights in ((read, _LL_READ), (write, fs)):
            for path in paths:
                _landlock_rule(libc, ruleset, add_rule, path, rights, abi)
        for path in read_files:
            _landlock_rule(libc, ruleset, add_rule, path, 0b1 | 0b100, abi)
        _check(libc.prctl(38, 1, 0, 0, 0), "no_new_privs")
        _check(libc.syscall(restrict, ruleset, 0), "landlock restrict")
    finally:
        os.close(ruleset)


def _landlock_rule(libc, ruleset: int, add_rule: int, path: str, rights: int, abi: int) -> None:
    import ctypes

    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # nothing there: nothing to allow
    try:
        if not os.path.isdir(path):
            rights &= _file_rights(abi)
        attr = (ctypes.c_ubyte * 12)()
        ctypes.memmove(attr, (ctypes.c_uint64 * 1)(rights), 8)
        ctypes.memmove(ctypes.addressof(attr) + 8, (ctypes.c_int32 * 1)(fd), 4)
        _check(libc.syscall(add_rule, ruleset, 1, ctypes.byref(attr), 0), f"landlock rule for {path}")
    finally:
        os.close(fd)


def readable_beneath(roots: list[str], secrets: list[str]) -> list[str]:
    """The paths to allow so that everything under `roots` is readable except `secrets`.

    Landlock only ever adds access, so a root holding a secret (a site-packages folder inside the
    standard library, a problems folder inside an allowed tree) is opened one level down instead,
    leaving out the branch that leads to the secret."""
    secrets = [os.path.realpath(s) for s in secrets]
    out: list[str] = []

    def visit(path: str, depth: int) -> None:
        real = os.path.realpath(path)
        if any(real == s or real.startswith(s.rstrip("/") + "/") for s in secrets):
            return
        if not any(s.startswith(real.rstrip("/") + "/") for s in secrets) or depth > 8:
            out.append(real)
            return
        try:
            entries = os.listdir(real)
        except OSError:
            return
        for name in sorted(entries):
            visit(os.path.join(real, name), depth + 1)

    for root in roots:
        visit(root, 0)
    return sorted(set(out))


# --- namespaces and limits ---------------------------------------------------------------------

_CLONE_NEWUSER, _CLONE_NEWNET, _CLONE_NEWIPC = 0x10000000, 0x40000000, 0x08000000


def _apply_netns(libc) -> None:
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWIPC), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)


def _apply_limits(cfg: dict) -> None:
    def cap(kind: int, value: int) -> None:
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, value))

    cap(resource.RLIMIT_CPU, int(cfg["cpu_s"]))
    cap(resource.RLIMIT_FSIZE, int(cfg["file_bytes"]))
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_NOFILE, 256)
    if cfg.get("as_bytes"):
        cap(resource.RLIMIT_AS, int(cfg["as_bytes"]))
    if cfg.get("data_bytes"):
        cap(resource.RLIMIT_DATA, int(cfg["data_bytes"]))


def _check(result: int, what: str) -> int:
    if result < 0:
        import ctypes

        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def confine(cfg: dict) -> list[str]:
    """Apply every layer this platform has, in an order that works: the namespaces first (they
    need a single-threaded process that can still write /proc/self), then Landlock, then seccomp,
    then the limits. Returns the names of the layers applied; `cfg["skip"]` names layers not to
    apply (the tests use it to exercise the fallbacks)."""
    skip = set(cfg.get("skip") or ())
    applied: list[str] = []
    libc = None
    if sys.platform.startswith("linux") and platform.machine() in _ARCH:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
        except OSError:
            libc = None
    if libc is not None and cfg.get("parent"):
        # If intervu itself dies mid-run (killed, crashed), the run dies with it, not at its CPU limit.
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
        if os.getppid() != cfg["parent"]:
            os._exit(70)  # the parent died before the line above
    if libc is not None:
        steps = (
            ("netns", lambda: _apply_netns(libc)),
            ("landlock", lambda: _apply_landlock(libc, cfg.get("read", []), cfg.get("read_files", []),
                                                 cfg.get("write", []))),
            ("seccomp", lambda: _apply_seccomp(libc, os.getpid())),
        )
        for name, step in steps:
            if name in skip:
                continue
            try:
                step()
                applied.append(name)
            except OSError:
                pass
    if "limits" not in skip:
        _apply_limits(cfg)
        applied.insert(0, "limits")
    return applied


def main(argv: list[str]) -> None:
    """`jail.py CONFIG_JSON LAYERS_FD -- COMMAND...`: confine, report the layers, exec."""
    cfg = json.loads(argv[1])
    report_fd = int(argv[2])
    command = argv[argv.index("--") + 1 :]
    applied = confine(cfg)
    os.write(report_fd, (json.dumps({"layers": applied}) + "\n").encode())
    if cfg.get("node_fallback") and not {"landlock", "seccomp"} <= set(applied):
        command[1:1] = cfg["node_fallback"]  # node's own permission model stands in
    env = dict(os.environ, INTERVU_LAYERS=",".join(applied))
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main(sys.argv)
