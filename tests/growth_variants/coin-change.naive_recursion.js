// expect: exponential
function coinChange(coins, amount) {
  const fewest = (rest) => {
    if (rest === 0) return 0;
    let best = -1;
    for (const coin of coins) {
      if (coin <= rest) {
        const sub = fewest(rest - coin);
        if (sub >= 0 && (best < 0 || sub + 1 < best)) best = sub + 1;
      }
    }
    return best;
  };
  return fewest(amount);
}
