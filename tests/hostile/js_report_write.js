// Attempts: write files outside the run folder with node's diagnostic report, which writes where
//   process.report.directory and .filename say: a new file in a folder outside, and an existing
//   file there overwritten (a report can carry text of the code's own, in an error's message).
// Contained: the outside folder is exactly as the test left it; every test fails.
// expect: fail
function twoSum(nums, target) {
  const out = [];
  for (const name of ["@MARKER@" + "-report.json", "victim.txt"]) {
    try {
      process.report.directory = "@OUTSIDE@";
      process.report.filename = name;
      const written = process.report.writeReport(new Error("text of the code's own"));
      out.push(written ? `wrote ${written}` : "no report written");
    } catch (e) {
      out.push(String(e));
    }
  }
  return out;
}
