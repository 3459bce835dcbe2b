// expect: exponential
function wordBreak(s, wordDict) {
  const can = (start) => {
    if (start === s.length) return true;
    return wordDict.some((word) => s.startsWith(word, start) && can(start + word.length));
  };
  return can(0);
}
