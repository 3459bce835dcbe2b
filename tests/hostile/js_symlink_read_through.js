// Attempts: symlinks in the run folder to "/", to the repository, to a folder outside and a
//   relative one climbing up; read the problem file and a secret file through them; write through
//   one; hard-link an outside file into the run folder and write through the link.
// Contained: neither file's content comes back; the outside folder is exactly as the test left
//   it; every test fails.
// expect: fail
const fs = process.mainModule.require("fs");

function twoSum(nums, target) {
  const out = [];
  for (const [name, to] of [["root", "/"], ["repo", "@REPO@"], ["outside", "@OUTSIDE@"], ["up", "../../../.."]]) {
    try {
      fs.symlinkSync(to, name);
    } catch (e) {
      out.push(String(e));
    }
  }
  for (const path of ["root" + "@PROBLEM_FILE@", "repo/problems/two-sum.toml", "outside/secret.txt", "up" + "@SECRET_FILE@"]) {
    try {
      out.push(fs.readFileSync(path, "utf8"));
    } catch (e) {
      out.push(String(e));
    }
  }
  const writes = [
    () => fs.writeFileSync("outside/" + "@MARKER@" + "-through-symlink", "x"),
    () => { fs.linkSync("@VICTIM@", "victim-link"); fs.writeFileSync("victim-link", "owned"); },
  ];
  for (const attempt of writes) {
    try {
      attempt();
      out.push("BREACH: wrote outside");
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
