// expect: linear
function coinChange(coins, amount) {
  const memo = new Map();
  const fewest = (rest) => {
    if (rest === 0) return 0;
    if (memo.has(rest)) return memo.get(rest);
    let best = Infinity;
    for (const coin of coins) {
      if (coin <= rest) best = Math.min(best, fewest(rest - coin) + 1);
    }
    memo.set(rest, best);
    return best;
  };
  const answer = fewest(amount);
  return answer === Infinity ? -1 : answer;
}
