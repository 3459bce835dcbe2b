// expect: linear
function climbStairs(n) {
  const memo = new Map();
  const ways = (k) => {
    if (k <= 1) return 1;
    if (!memo.has(k)) memo.set(k, ways(k - 1) + ways(k - 2));
    return memo.get(k);
  };
  return ways(n);
}
