// expect: linear
function maxProfit(prices) {
  let low = Infinity;
  let best = 0;
  for (const price of prices) {
    low = Math.min(low, price);
    best = Math.max(best, price - low);
  }
  return best;
}
