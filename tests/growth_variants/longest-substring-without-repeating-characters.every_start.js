// expect: linear
function lengthOfLongestSubstring(s) {
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    const seen = new Set();
    for (let j = i; j < s.length && !seen.has(s[j]); j++) seen.add(s[j]);
    best = Math.max(best, seen.size);
  }
  return best;
}
