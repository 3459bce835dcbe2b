// expect: quadratic
function merge(intervals) {
  let merged = [];
  for (let [start, end] of intervals) {
    const kept = [];
    for (const [s, e] of merged) {
      if (s <= end && start <= e) {
        start = Math.min(start, s);
        end = Math.max(end, e);
      } else {
        kept.push([s, e]);
      }
    }
    kept.push([start, end]);
    merged = kept;
  }
  return merged.sort((a, b) => a[0] - b[0]);
}
