// expect: quadratic
function kClosest(points, k) {
  const rest = [...points];
  const chosen = [];
  const d = (p) => p[0] * p[0] + p[1] * p[1];
  for (let t = 0; t < k; t++) {
    let best = 0;
    for (let i = 1; i < rest.length; i++) if (d(rest[i]) < d(rest[best])) best = i;
    chosen.push(rest.splice(best, 1)[0]);
  }
  return chosen;
}
