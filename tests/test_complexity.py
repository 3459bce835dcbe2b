"""The static time-complexity estimator: the shipped reference solutions, the usual slower candidate
shapes, in both languages, and robustness on broken input. Real problem files, no mocks."""

from __future__ import annotations

import random
import re
import time

import pytest

from intervu_cli.engine import intent
from intervu_cli.assessment.complexity import Estimate, estimate_time
from intervu_cli.problems import builtin_problems_dir, load_problems

PROBLEMS = load_problems([builtin_problems_dir()]).problems
SLUGS = sorted(PROBLEMS)
LANGUAGES = ["python", "javascript"]
FORMS = ["1", "log n", "n", "n log n", "n^2", "n^3", "2^n"]

# Authored complexities that are not a single-variable form, with what the estimator gives instead.
# The estimator has one size n, the total size of the input (cells of a grid, V + E of a graph).
SUBTLE = {
    # "O(n * k log k), where k is the maximum word length": two sizes. The estimator has one size n,
    # the total input size; sorting every word is sum(k_i log k_i) <= n log n, so it says "n log n"
    # (consistently in both languages, which is what the scorer compares against).
    "group-anagrams": "n log n",
    # Grids, O(m * n): m * n cells, so n is the grid's size; each cell is queued or visited once.
    "01-matrix": "n",
    "flood-fill": "n",
    "number-of-islands": "n",
    "rotting-oranges": "n",
    # O(m * n) walked ring by ring: the side sweeps look nested in the ring loop, read as side x side.
    "spiral-matrix": "n^2",
    # Graphs, O(V + E): n is the graph's size; each node is queued once and each edge followed once.
    "clone-graph": "n",
    "course-schedule": "n",
    # Two independent sizes multiplied (a count and an amount, or the two sides): n^2 as both grow.
    "coin-change": "n^2",
    "partition-equal-subset-sum": "n^2",
    "unique-paths": "n^2",
    # O(m^2 * n), n words of length m: an O(m) slice per input letter, at most n^2 in the input size.
    "word-ladder": "n^2",
    # O(N log k) / O(n log k) with k <= n: a heap of at most k items, n log n in the input size.
    "k-closest-points-to-origin": "n log n",
    "merge-k-sorted-lists": "n log n",
    # O(h), the tree's height: n for a skewed tree, the worst case.
    "lowest-common-ancestor-of-a-binary-search-tree": "n",
    # Exponential backtracking (n^(t/m + 1), 4^n * n, n * n!, n * 2^n, m * n * 3^L): 2^n is the estimator's
    # exponential form, whatever the base or the polynomial factor.
    "combination-sum": "2^n",
    "letter-combinations-of-a-phone-number": "2^n",
    "permutations": "2^n",
    "subsets": "2^n",
    "word-search": "2^n",
}


def authored_inner(complexity: str) -> str:
    m = re.match(r"\s*O\((.+?)\)", complexity)
    assert m, complexity
    return m.group(1)


def check_reasons(est: Estimate) -> None:
    assert isinstance(est, Estimate)
    assert est.time is None or est.time in FORMS
    assert all(isinstance(r, str) and r for r in est.reasons)
    if est.time is not None and est.time != "1":
        assert est.reasons, est
        assert any(re.search(r"\bline \d+", r) for r in est.reasons), est.reasons


# --- 1. every reference solution, in both languages ----------------------------------------------------


def test_all_problems_are_covered():
    assert len(SLUGS) >= 15
    unranked = {slug for slug in SLUGS if intent.rank(authored_inner(PROBLEMS[slug].complexity_time)) is None}
    assert unranked <= set(SUBTLE)
    assert set(SUBTLE) <= set(SLUGS), "a SUBTLE entry names no problem"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_reference_solution_meets_its_authored_complexity(slug, language):
    problem = PROBLEMS[slug]
    est = estimate_time(problem.languages[language].solution, language)
    check_reasons(est)
    expected = authored_inner(problem.complexity_time)
    if intent.rank(expected) is None:
        assert est.time == SUBTLE[slug], (problem.complexity_time, est)
    else:
        assert intent.rank(est.time) == intent.rank(expected), (problem.complexity_time, est)


@pytest.mark.parametrize("slug", SLUGS)
def test_both_languages_agree_on_the_reference(slug):
    spec = PROBLEMS[slug].languages
    python = estimate_time(spec["python"].solution, "python").time
    assert python == estimate_time(spec["javascript"].solution, "javascript").time


# --- 2. brute-force and alternative candidate solutions ------------------------------------------------

CANDIDATES = [
    # two-sum
    ("two-sum nested loops", "python", "n^2", """
def two_sum(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []
"""),
    ("two-sum nested loops", "javascript", "n^2", """
function twoSum(nums, target) {
  for (let i = 0; i < nums.length; i++) {
    for (let j = i + 1; j < nums.length; j++) {
      if (nums[i] + nums[j] === target) return [i, j];
    }
  }
  return [];
}
"""),
    ("two-sum index in a loop", "python", "n^2", """
def two_sum(nums, target):
    for i, x in enumerate(nums):
        try:
            j = nums.index(target - x)
        except ValueError:
            continue
        if j != i:
            return [i, j]
    return []
"""),
    ("two-sum indexOf in a loop", "javascript", "n^2", """
var twoSum = function(nums, target) {
  for (let i = 0; i < nums.length; i++) {
    const j = nums.indexOf(target - nums[i]);
    if (j !== -1 && j !== i) return [i, j];
  }
  return [];
};
"""),
    ("two-sum as a class method with a dict", "python", "n", """
class Solution:
    def twoSum(self, nums: list[int], target: int) -> list[int]:
        seen = {}
        for i, x in enumerate(nums):
            if target - x in seen:
                return [seen[target - x], i]
            seen[x] = i
        return []
"""),
    # contains-duplicate
    ("contains-duplicate with a list", "python", "n^2", """
def contains_duplicate(nums):
    seen = []
    for x in nums:
        if x in seen:
            return True
        seen.append(x)
    return False
"""),
    ("contains-duplicate with an array", "javascript", "n^2", """
function containsDuplicate(nums) {
  const seen = [];
  for (const x of nums) {
    if (seen.includes(x)) return true;
    seen.push(x);
  }
  return false;
}
"""),
    ("contains-duplicate with a set", "python", "n", """
def contains_duplicate(nums):
    seen = set()
    for x in nums:
        if x in seen:
            return True
        seen.add(x)
    return False
"""),
    ("contains-duplicate includes on a Set", "javascript", "n", """
function containsDuplicate(nums) {
  const seen = new Set();
  for (const x of nums) {
    if (seen.includes(x)) return true;
    seen.add(x);
  }
  return false;
}
"""),
    ("contains-duplicate by set size", "python", "n", """
def contains_duplicate(nums):
    return len(set(nums)) != len(nums)
"""),
    ("contains-duplicate by sorting", "python", "n log n", """
def contains_duplicate(nums):
    nums.sort()
    for i in range(1, len(nums)):
        if nums[i] == nums[i - 1]:
            return True
    return False
"""),
    ("contains-duplicate by sorting", "javascript", "n log n", """
function containsDuplicate(nums) {
  const sorted = [...nums].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) return true;
  }
  return false;
}
"""),
    # valid-anagram
    ("valid-anagram by sorting", "python", "n log n", """
def is_anagram(s, t):
    return sorted(s) == sorted(t)
"""),
    ("valid-anagram by sorting", "javascript", "n log n", """
const isAnagram = (s, t) => s.split('').sort().join('') === t.split('').sort().join('');
"""),
    ("valid-anagram with Counter", "python", "n", """
from collections import Counter

def is_anagram(s, t):
    return Counter(s) == Counter(t)
"""),
    # cubic
    ("triple loop", "python", "n^3", """
def three_sum_count(nums):
    count = 0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            for k in range(j + 1, len(nums)):
                if nums[i] + nums[j] + nums[k] == 0:
                    count += 1
    return count
"""),
    ("triple loop", "javascript", "n^3", """
function threeSumCount(nums) {
  let count = 0;
  nums.forEach((a, i) => {
    for (let j = i + 1; j < nums.length; j++)
      for (let k = j + 1; k < nums.length; k++)
        if (a + nums[j] + nums[k] === 0) count++;
  });
  return count;
}
"""),
    # climbing stairs, recursive
    ("naive recursive climbing stairs", "python", "2^n", """
def climb_stairs(n):
    if n <= 1:
        return 1
    return climb_stairs(n - 1) + climb_stairs(n - 2)
"""),
    ("naive recursive climbing stairs", "javascript", "2^n", """
function climbStairs(n) {
  if (n <= 2) return n;
  return climbStairs(n - 1) + climbStairs(n - 2);
}
"""),
    ("naive recursive climbing stairs with a ternary", "javascript", "2^n", """
const climbStairs = (n) => (n <= 1 ? 1 : climbStairs(n - 1) + climbStairs(n - 2));
"""),
    ("climbing stairs with lru_cache", "python", "n", """
from functools import lru_cache

@lru_cache(maxsize=None)
def climb_stairs(n):
    if n <= 1:
        return 1
    return climb_stairs(n - 1) + climb_stairs(n - 2)
"""),
    ("climbing stairs with a memo dict in a nested helper", "python", "n", """
def climb_stairs(n):
    memo = {}

    def ways(i):
        if i <= 1:
            return 1
        if i in memo:
            return memo[i]
        memo[i] = ways(i - 1) + ways(i - 2)
        return memo[i]

    return ways(n)
"""),
    ("climbing stairs with a memo Map", "javascript", "n", """
function climbStairs(n, memo = new Map()) {
  if (n <= 2) return n;
  if (memo.has(n)) return memo.get(n);
  const ways = climbStairs(n - 1, memo) + climbStairs(n - 2, memo);
  memo.set(n, ways);
  return ways;
}
"""),
    # binary search
    ("iterative binary search", "python", "log n", """
def search(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = lo + (hi - lo) // 2
        if nums[mid] == target:
            return mid
        elif nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
"""),
    ("iterative binary search", "javascript", "log n", """
function search(nums, target) {
  let lo = 0, hi = nums.length - 1;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (nums[mid] === target) return mid;
    else if (nums[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
"""),
    ("recursive binary search", "python", "log n", """
def search(nums, target):
    def go(lo, hi):
        if lo > hi:
            return -1
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[mid] < target:
            return go(mid + 1, hi)
        return go(lo, mid - 1)

    return go(0, len(nums) - 1)
"""),
    ("recursive binary search", "javascript", "log n", """
function search(nums, target, lo = 0, hi = nums.length - 1) {
  if (lo > hi) return -1;
  const mid = (lo + hi) >> 1;
  if (nums[mid] === target) return mid;
  return nums[mid] < target ? search(nums, target, mid + 1, hi) : search(nums, target, lo, mid - 1);
}
"""),
    ("linear search where binary search is expected", "python", "n", """
def search(nums, target):
    for i, x in enumerate(nums):
        if x == target:
            return i
    return -1
"""),
    # sliding window / two pointers / monotonic stack
    ("sliding window with a shared left pointer", "python", "n", """
def length_of_longest_substring(s):
    window = set()
    left = best = 0
    for right in range(len(s)):
        while s[right] in window:
            window.remove(s[left])
            left += 1
        window.add(s[right])
        best = max(best, right - left + 1)
    return best
"""),
    ("sliding window with a shared left pointer", "javascript", "n", """
function lengthOfLongestSubstring(s) {
  const window = new Set();
  let left = 0, best = 0;
  for (let right = 0; right < s.length; right++) {
    while (window.has(s[right])) {
      window.delete(s[left]);
      left++;
    }
    window.add(s[right]);
    best = Math.max(best, right - left + 1);
  }
  return best;
}
"""),
    ("inner pointer reset on every step", "python", "n^2", """
def length_of_longest_substring(s):
    best = 0
    for i in range(len(s)):
        seen = set()
        j = i
        while j < len(s) and s[j] not in seen:
            seen.add(s[j])
            j += 1
        best = max(best, j - i)
    return best
"""),
    ("substring scan with slices", "python", "n^2", """
def length_of_longest_substring(s):
    best, start = 0, 0
    for i, ch in enumerate(s):
        if ch in s[start:i]:
            start = s.index(ch, start) + 1
        best = max(best, i - start + 1)
    return best
"""),
    ("two pointers skipping characters", "python", "n", """
def is_palindrome(s):
    l, r = 0, len(s) - 1
    while l < r:
        while l < r and not s[l].isalnum():
            l += 1
        while l < r and not s[r].isalnum():
            r -= 1
        if s[l].lower() != s[r].lower():
            return False
        l, r = l + 1, r - 1
    return True
"""),
    ("two pointers skipping characters", "javascript", "n", """
function isPalindrome(s) {
  let l = 0, r = s.length - 1
  while (l < r) {
    while (l < r && !/[a-z0-9]/i.test(s[l])) l++
    while (l < r && !/[a-z0-9]/i.test(s[r])) r--
    if (s[l].toLowerCase() !== s[r].toLowerCase()) return false
    l++
    r--
  }
  return true
}
"""),
    ("palindrome by reversing", "python", "n", """
def is_palindrome(s):
    kept = [c.lower() for c in s if c.isalnum()]
    return kept == kept[::-1]
"""),
    ("monotonic stack", "python", "n", """
def daily_temperatures(temps):
    answer = [0] * len(temps)
    stack = []
    for i, t in enumerate(temps):
        while stack and temps[stack[-1]] < t:
            j = stack.pop()
            answer[j] = i - j
        stack.append(i)
    return answer
"""),
    # linear operations inside loops (JS)
    ("slice and includes inside a loop", "javascript", "n^2", """
function hasLaterDuplicate(nums) {
  for (let i = 0; i < nums.length; i++) {
    const rest = nums.slice(i + 1);
    if (rest.includes(nums[i])) return true;
  }
  return false;
}
"""),
    ("Math.max of a spread inside a loop", "javascript", "n^2", """
function f(nums) {
  let total = 0
  for (const x of nums) total += Math.max(...nums) - x
  return total
}
"""),
    ("shift in a loop", "javascript", "n^2", """
function drain(queue) {
  let total = 0;
  while (queue.length > 0) {
    total += queue.shift();
  }
  return total;
}
"""),
    # heaps and counting
    ("top-k with a heap", "python", "n log n", """
import heapq

def top_k_frequent(nums, k):
    counts = {}
    for x in nums:
        counts[x] = counts.get(x, 0) + 1
    heap = []
    for value, count in counts.items():
        heapq.heappush(heap, (count, value))
        if len(heap) > k:
            heapq.heappop(heap)
    return [value for _, value in heap]
"""),
    ("top-k with most_common", "python", "n log n", """
from collections import Counter

def top_k_frequent(nums, k):
    return [x for x, _ in Counter(nums).most_common(k)]
"""),
    ("top-k by sorting the entries", "javascript", "n log n", """
function topKFrequent(nums, k) {
  const counts = {};
  for (const x of nums) counts[x] = (counts[x] || 0) + 1;
  return Object.keys(counts).sort((a, b) => counts[b] - counts[a]).slice(0, k).map(Number);
}
"""),
    ("majority element by counting in a loop", "python", "n^2", """
def majority_element(nums):
    for x in nums:
        if nums.count(x) > len(nums) // 2:
            return x
"""),
    ("helper called inside a loop", "python", "n^2", """
def occurrences(nums, x):
    total = 0
    for y in nums:
        total += y == x
    return total

def majority_element(nums):
    for x in nums:
        if occurrences(nums, x) > len(nums) // 2:
            return x
"""),
    ("group anagrams with a letter count key", "python", "n", """
def group_anagrams(strs):
    groups = {}
    for word in strs:
        count = [0] * 26
        for ch in word:
            count[ord(ch) - ord("a")] += 1
        groups.setdefault(tuple(count), []).append(word)
    return list(groups.values())
"""),
    ("group anagrams with a letter count key", "javascript", "n", """
function groupAnagrams(strs) {
  const groups = new Map();
  for (const word of strs) {
    const count = new Array(26).fill(0);
    for (const ch of word) count[ch.charCodeAt(0) - 97]++;
    const key = count.join("#");
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(word);
  }
  return [...groups.values()];
}
"""),
    ("constant inner loops", "python", "n", """
def f(s):
    vowels = 0
    for ch in s:
        for v in "aeiou":
            if ch == v:
                vowels += 1
        for _ in range(26):
            pass
    return vowels
"""),
    ("merge sort", "python", "n log n", """
def sort_array(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left, right = sort_array(a[:mid]), sort_array(a[mid:])
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]
"""),
    ("prefix products with a quadratic product", "javascript", "n^2", """
function productExceptSelf(nums) {
  return nums.map((_, i) => nums.reduce((acc, x, j) => (j === i ? acc : acc * x), 1));
}
"""),
    # tree recursion that passes extra arguments visits each node once
    ("tree depth with a depth argument", "python", "n", """
def max_depth(root):
    best = 0
    def dfs(node, depth):
        nonlocal best
        if node is None:
            return
        best = max(best, depth)
        dfs(node.left, depth + 1)
        dfs(node.right, depth + 1)
    dfs(root, 1)
    return best
"""),
    ("tree depth with a depth argument", "javascript", "n", """
function maxDepth(root) {
  let best = 0;
  const dfs = (node, depth) => {
    if (!node) return;
    best = Math.max(best, depth);
    dfs(node.left, depth + 1);
    dfs(node.right, depth + 1);
  };
  dfs(root, 1);
  return best;
}
"""),
    ("bst check with bounds", "python", "n", """
def is_valid_bst(root):
    def ok(node, lo, hi):
        if not node:
            return True
        if not (lo < node.val < hi):
            return False
        return ok(node.left, lo, node.val) and ok(node.right, node.val, hi)
    return ok(root, float("-inf"), float("inf"))
"""),
    ("path sum with a running total", "javascript", "n", """
function hasPathSum(root, target) {
  function go(node, sum) {
    if (node === null) return false;
    sum += node.val;
    if (!node.left && !node.right) return sum === target;
    return go(node.left, sum) || go(node.right, sum);
  }
  return go(root, 0);
}
"""),
    ("tree dfs as a method with a depth argument", "python", "n", """
class Solution:
    def maxDepth(self, root):
        self.best = 0
        self.go(root, 1)
        return self.best

    def go(self, node, depth):
        if node:
            self.best = max(self.best, depth)
            self.go(node.left, depth + 1)
            self.go(node.right, depth + 1)
"""),
    ("n-ary tree depth over children", "python", "n", """
def max_depth(root):
    if root is None:
        return 0
    best = 0
    for child in root.children:
        best = max(best, max_depth(child))
    return best + 1
"""),
    ("n-ary tree depth over children", "javascript", "n", """
function maxDepth(root) {
  if (!root) return 0;
  let best = 0;
  root.children.forEach((child) => { best = Math.max(best, maxDepth(child)); });
  return best + 1;
}
"""),
    ("balanced check calling height at every node", "python", "n^2", """
def height(node):
    if node is None:
        return 0
    return 1 + max(height(node.left), height(node.right))

def is_balanced(root):
    if root is None:
        return True
    if abs(height(root.left) - height(root.right)) > 1:
        return False
    return is_balanced(root.left) and is_balanced(root.right)
"""),
    ("balanced check calling height at every node", "javascript", "n^2", """
function height(node) {
  if (node === null) return 0;
  return 1 + Math.max(height(node.left), height(node.right));
}
function isBalanced(root) {
  if (root === null) return true;
  if (Math.abs(height(root.left) - height(root.right)) > 1) return false;
  return isBalanced(root.left) && isBalanced(root.right);
}
"""),
    ("naive fibonacci with an extra argument stays exponential", "python", "2^n", """
def count(n, depth):
    if n <= 1:
        return 1
    return count(n - 1, depth + 1) + count(n - 2, depth + 1)
"""),
    # level-by-level BFS: each level is taken once, so the level loop is amortized
    ("level order with range(len(queue))", "python", "n", """
from collections import deque

def level_order(root):
    levels = []
    queue = deque([root] if root else [])
    while queue:
        level = []
        for _ in range(len(queue)):
            node = queue.popleft()
            level.append(node.val)
            if node.left:
                queue.append(node.left)
            if node.right:
                queue.append(node.right)
        levels.append(level)
    return levels
"""),
    ("level order with a level size and a head index", "javascript", "n", """
function levelOrder(root) {
  const levels = [];
  if (root === null) return levels;
  const queue = [root];
  let head = 0;
  while (head < queue.length) {
    const size = queue.length - head;
    const level = [];
    for (let i = 0; i < size; i++) {
      const node = queue[head++];
      level.push(node.val);
      if (node.left) queue.push(node.left);
      if (node.right) queue.push(node.right);
    }
    levels.push(level);
  }
  return levels;
}
"""),
    ("level order swapping in the next level", "python", "n", """
def right_side_view(root):
    view, level = [], [root] if root else []
    while level:
        view.append(level[-1].val)
        nxt = []
        for node in level:
            if node.left:
                nxt.append(node.left)
            if node.right:
                nxt.append(node.right)
        level = nxt
    return view
"""),
    ("level order swapping in the next level", "javascript", "n", """
function rightSideView(root) {
  const view = [];
  let level = root ? [root] : [];
  while (level.length > 0) {
    view.push(level[level.length - 1].val);
    const next = [];
    for (const node of level) {
      if (node.left) next.push(node.left);
      if (node.right) next.push(node.right);
    }
    level = next;
  }
  return view;
}
"""),
    ("level order with a comprehension per level", "python", "n", """
def level_order(root):
    out, level = [], [root] if root else []
    while level:
        out.append([node.val for node in level])
        level = [child for node in level for child in (node.left, node.right) if child]
    return out
"""),
    # Array.shift() costs n, as in "shift in a loop": the level loop is amortized, the shift is not
    ("level order with shift (Array.shift is linear)", "javascript", "n^2", """
function levelOrder(root) {
  const levels = [];
  const queue = root ? [root] : [];
  while (queue.length > 0) {
    const size = queue.length;
    const level = [];
    for (let i = 0; i < size; i++) {
      const node = queue.shift();
      level.push(node.val);
      if (node.left) queue.push(node.left);
      if (node.right) queue.push(node.right);
    }
    levels.push(level);
  }
  return levels;
}
"""),
    ("repeated full passes until nothing changes", "python", "n^2", """
def rot(grid):
    rows, cols = len(grid), len(grid[0])
    minutes = 0
    while True:
        changed = []
        for r in range(rows):
            for c in range(cols):
                if grid[r][c] == 1 and any(0 <= r + dr < rows and 0 <= c + dc < cols and grid[r + dr][c + dc] == 2
                                           for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))):
                    changed.append((r, c))
        if not changed:
            return minutes
        for r, c in changed:
            grid[r][c] = 2
        minutes += 1
"""),
    ("bubble passes until sorted", "javascript", "n^2", """
function sortAll(a) {
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i + 1 < a.length; i++) {
      if (a[i] > a[i + 1]) { [a[i], a[i + 1]] = [a[i + 1], a[i]]; changed = true; }
    }
  }
  return a;
}
"""),
    # graphs: adjacency lists under a visited set or in-degree counts are O(V + E)
    ("bfs over adjacency lists with a visited set", "python", "n", """
from collections import deque

def count_components(n, edges):
    graph = [[] for _ in range(n)]
    for a, b in edges:
        graph[a].append(b)
        graph[b].append(a)
    seen = set()
    count = 0
    for start in range(n):
        if start in seen:
            continue
        count += 1
        seen.add(start)
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in graph[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
    return count
"""),
    ("bfs over adjacency lists with a visited set", "javascript", "n", """
function countComponents(n, edges) {
  const graph = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    graph[a].push(b);
    graph[b].push(a);
  }
  const seen = new Set();
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (seen.has(start)) continue;
    count++;
    seen.add(start);
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.pop();
      for (const next of graph[node]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return count;
}
"""),
    ("bfs from every node with a fresh visited set", "python", "n^2", """
from collections import deque

def farthest(n, graph):
    best = 0
    for start in range(n):
        seen = {start}
        queue = deque([(start, 0)])
        while queue:
            node, d = queue.popleft()
            best = max(best, d)
            for nxt in graph[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, d + 1))
    return best
"""),
    ("bfs from every node with a fresh visited set", "javascript", "n^2", """
function farthest(n, graph) {
  let best = 0;
  for (let start = 0; start < n; start++) {
    const seen = new Set([start]);
    const queue = [[start, 0]];
    let head = 0;
    while (head < queue.length) {
      const [node, d] = queue[head++];
      best = Math.max(best, d);
      for (const next of graph[node]) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push([next, d + 1]);
        }
      }
    }
  }
  return best;
}
"""),
    ("bfs scanning the queue with in", "python", "n^2", """
def reachable(graph, start):
    queue, seen = [start], set()
    while queue:
        node = queue.pop(0)
        seen.add(node)
        for nxt in graph[node]:
            if nxt not in seen and nxt not in queue:
                queue.append(nxt)
    return seen
"""),
    ("bfs scanning the queue with includes", "javascript", "n^2", """
function reachable(graph, start) {
  const queue = [start];
  const seen = new Set();
  let head = 0;
  while (head < queue.length) {
    const node = queue[head++];
    seen.add(node);
    for (const next of graph[node]) {
      if (!seen.has(next) && !queue.includes(next)) queue.push(next);
    }
  }
  return seen;
}
"""),
    ("bfs popping the front of a list", "python", "n^2", """
def reachable(graph, start):
    seen, queue = {start}, [start]
    while queue:
        node = queue.pop(0)
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
"""),
    ("topological order by dfs with three colours", "python", "n", """
def can_finish(num_courses, prerequisites):
    graph = [[] for _ in range(num_courses)]
    for course, pre in prerequisites:
        graph[pre].append(course)
    state = [0] * num_courses

    def dfs(c):
        if state[c] == 1:
            return False
        if state[c] == 2:
            return True
        state[c] = 1
        for nxt in graph[c]:
            if not dfs(nxt):
                return False
        state[c] = 2
        return True

    return all(dfs(c) for c in range(num_courses))
"""),
    ("topological order by dfs with visiting and visited sets", "javascript", "n", """
function canFinish(numCourses, prerequisites) {
  const graph = Array.from({ length: numCourses }, () => []);
  for (const [course, pre] of prerequisites) graph[pre].push(course);
  const visiting = new Set();
  const done = new Set();
  function dfs(c) {
    if (done.has(c)) return true;
    if (visiting.has(c)) return false;
    visiting.add(c);
    for (const next of graph[c]) if (!dfs(next)) return false;
    visiting.delete(c);
    done.add(c);
    return true;
  }
  for (let c = 0; c < numCourses; c++) if (!dfs(c)) return false;
  return true;
}
"""),
    ("clone graph by dfs with a map", "python", "n", """
def clone_graph(node):
    copies = {}
    def dfs(n):
        if n in copies:
            return copies[n]
        copy = Node(n.val)
        copies[n] = copy
        for nb in n.neighbors:
            copy.neighbors.append(dfs(nb))
        return copy
    return dfs(node) if node else None
"""),
    ("clone graph by dfs with a map", "javascript", "n", """
function cloneGraph(node) {
  const copies = new Map();
  function dfs(n) {
    if (copies.has(n)) return copies.get(n);
    const copy = new Node(n.val);
    copies.set(n, copy);
    for (const nb of n.neighbors) copy.neighbors.push(dfs(nb));
    return copy;
  }
  return node ? dfs(node) : null;
}
"""),
    ("dijkstra with a heap", "python", "n log n", """
import heapq

def shortest(graph, src):
    dist = {src: 0}
    heap = [(0, src)]
    while heap:
        d, node = heapq.heappop(heap)
        if d > dist.get(node, float("inf")):
            continue
        for nxt, w in graph[node]:
            if d + w < dist.get(nxt, float("inf")):
                dist[nxt] = d + w
                heapq.heappush(heap, (d + w, nxt))
    return dist
"""),
    # grids: the rows x cols scan is O(cells); a flood fill from each unvisited cell shares its marks
    ("islands by recursive dfs", "python", "n", """
def num_islands(grid):
    rows, cols = len(grid), len(grid[0])
    def sink(r, c):
        if r < 0 or c < 0 or r >= rows or c >= cols or grid[r][c] != "1":
            return
        grid[r][c] = "0"
        sink(r + 1, c)
        sink(r - 1, c)
        sink(r, c + 1)
        sink(r, c - 1)
    count = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "1":
                count += 1
                sink(r, c)
    return count
"""),
    ("islands by recursive dfs", "javascript", "n", """
function numIslands(grid) {
  const rows = grid.length, cols = grid[0].length;
  const sink = (r, c) => {
    if (r < 0 || c < 0 || r >= rows || c >= cols || grid[r][c] !== "1") return;
    grid[r][c] = "0";
    sink(r + 1, c);
    sink(r - 1, c);
    sink(r, c + 1);
    sink(r, c - 1);
  };
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (grid[r][c] === "1") {
        count++;
        sink(r, c);
      }
    }
  }
  return count;
}
"""),
    ("islands with a visited matrix and a stack", "python", "n", """
def num_islands(grid):
    m, n = len(grid), len(grid[0])
    seen = [[False] * n for _ in range(m)]
    count = 0
    for i in range(m):
        for j in range(n):
            if grid[i][j] == "1" and not seen[i][j]:
                count += 1
                seen[i][j] = True
                stack = [(i, j)]
                while stack:
                    r, c = stack.pop()
                    for dr, dc in [(1, 0), (-1, 0), (0, 1), (0, -1)]:
                        nr, nc = r + dr, c + dc
                        if 0 <= nr < m and 0 <= nc < n and grid[nr][nc] == "1" and not seen[nr][nc]:
                            seen[nr][nc] = True
                            stack.append((nr, nc))
    return count
"""),
    ("islands with a visited matrix and a stack", "javascript", "n", """
function numIslands(grid) {
  const m = grid.length;
  const n = grid[0].length;
  const seen = Array.from({ length: m }, () => new Array(n).fill(false));
  let count = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < grid[i].length; j++) {
      if (grid[i][j] !== "1" || seen[i][j]) continue;
      count++;
      seen[i][j] = true;
      const stack = [[i, j]];
      while (stack.length) {
        const [r, c] = stack.pop();
        for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
          const nr = r + dr, nc = c + dc;
          if (nr < 0 || nc < 0 || nr >= m || nc >= n) continue;
          if (grid[nr][nc] === "1" && !seen[nr][nc]) {
            seen[nr][nc] = true;
            stack.push([nr, nc]);
          }
        }
      }
    }
  }
  return count;
}
"""),
    ("grid dfs with a visited set passed along", "python", "n", """
def max_area(grid):
    rows, cols = len(grid), len(grid[0])
    def area(r, c, seen):
        if not (0 <= r < rows and 0 <= c < cols) or grid[r][c] == 0 or (r, c) in seen:
            return 0
        seen.add((r, c))
        return 1 + area(r + 1, c, seen) + area(r - 1, c, seen) + area(r, c + 1, seen) + area(r, c - 1, seen)
    seen = set()
    return max((area(r, c, seen) for r in range(rows) for c in range(cols)), default=0)
"""),
    ("grid dfs with a visited set passed along", "javascript", "n", """
function maxArea(grid) {
  const rows = grid.length, cols = grid[0].length;
  function area(r, c, seen) {
    if (r < 0 || c < 0 || r >= rows || c >= cols || grid[r][c] === 0 || seen[r][c]) return 0;
    seen[r][c] = true;
    return 1 + area(r + 1, c, seen) + area(r - 1, c, seen) + area(r, c + 1, seen) + area(r, c - 1, seen);
  }
  const seen = grid.map((row) => row.map(() => false));
  let best = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) best = Math.max(best, area(r, c, seen));
  return best;
}
"""),
    ("grid scan with a constant direction list", "javascript", "n", """
function countBorders(grid) {
  const dirs = [[0, 1], [1, 0], [0, -1], [-1, 0]];
  let total = 0;
  for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[0].length; c++) {
      for (const [dr, dc] of dirs) {
        const nr = r + dr, nc = c + dc;
        if (nr < 0 || nc < 0 || nr >= grid.length || nc >= grid[0].length || grid[nr][nc] !== grid[r][c]) total++;
      }
    }
  }
  return total;
}
"""),
    ("longest increasing path in a matrix with a memo", "python", "n", """
def longest_increasing_path(matrix):
    rows, cols = len(matrix), len(matrix[0])
    memo = {}
    def go(r, c):
        if (r, c) in memo:
            return memo[(r, c)]
        best = 1
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < rows and 0 <= nc < cols and matrix[nr][nc] > matrix[r][c]:
                best = max(best, 1 + go(nr, nc))
        memo[(r, c)] = best
        return best
    return max(go(r, c) for r in range(rows) for c in range(cols))
"""),
    ("flood fill from every cell with a fresh visited set", "python", "n^2", """
def largest_island(grid):
    rows, cols = len(grid), len(grid[0])
    best = 0
    for r in range(rows):
        for c in range(cols):
            seen = {(r, c)}
            stack = [(r, c)]
            while stack:
                x, y = stack.pop()
                for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                    if 0 <= nx < rows and 0 <= ny < cols and grid[nx][ny] == 1 and (nx, ny) not in seen:
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            best = max(best, len(seen))
    return best
"""),
    ("flood fill from every cell with a fresh visited set", "javascript", "n^2", """
function largestIsland(grid) {
  const rows = grid.length, cols = grid[0].length;
  let best = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const seen = new Set([r * cols + c]);
      const stack = [[r, c]];
      while (stack.length > 0) {
        const [x, y] = stack.pop();
        for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
          if (nx >= 0 && ny >= 0 && nx < rows && ny < cols && grid[nx][ny] === 1 && !seen.has(nx * cols + ny)) {
            seen.add(nx * cols + ny);
            stack.push([nx, ny]);
          }
        }
      }
      best = Math.max(best, seen.size);
    }
  }
  return best;
}
"""),
    ("grid dfs with a fresh visited set per start", "python", "n^2", """
def max_area(grid):
    rows, cols = len(grid), len(grid[0])
    def area(r, c, seen):
        if not (0 <= r < rows and 0 <= c < cols) or grid[r][c] == 0 or (r, c) in seen:
            return 0
        seen.add((r, c))
        return 1 + area(r + 1, c, seen) + area(r - 1, c, seen) + area(r, c + 1, seen) + area(r, c - 1, seen)
    best = 0
    for r in range(rows):
        for c in range(cols):
            seen = set()
            best = max(best, area(r, c, seen))
    return best
"""),
    ("word search backtracking stays exponential", "javascript", "2^n", """
function exist(board, word) {
  const rows = board.length, cols = board[0].length;
  function dfs(r, c, i) {
    if (i === word.length) return true;
    if (r < 0 || c < 0 || r >= rows || c >= cols || board[r][c] !== word[i]) return false;
    const saved = board[r][c];
    board[r][c] = "#";
    const found = dfs(r + 1, c, i + 1) || dfs(r - 1, c, i + 1) || dfs(r, c + 1, i + 1) || dfs(r, c - 1, i + 1);
    board[r][c] = saved;
    return found;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (dfs(r, c, 0)) return true;
  return false;
}
"""),
    ("word search with a visited matrix reset after the calls", "python", "2^n", """
def exist(board, word):
    rows, cols = len(board), len(board[0])
    seen = [[False] * cols for _ in range(rows)]
    def dfs(r, c, i):
        if i == len(word):
            return True
        if not (0 <= r < rows and 0 <= c < cols) or seen[r][c] or board[r][c] != word[i]:
            return False
        seen[r][c] = True
        found = dfs(r + 1, c, i + 1) or dfs(r - 1, c, i + 1) or dfs(r, c + 1, i + 1) or dfs(r, c - 1, i + 1)
        seen[r][c] = False
        return found
    return any(dfs(r, c, 0) for r in range(rows) for c in range(cols))
"""),
    ("grid rows compared with every other row", "python", "n^2", """
def equal_pairs(grid):
    rows, cols = len(grid), len(grid[0])
    count = 0
    for r in range(rows):
        for c in range(cols):
            if all(grid[r][k] == grid[k][c] for k in range(rows)):
                count += 1
    return count
"""),
    ("row pair comparisons", "javascript", "n^2", """
function duplicateRows(grid) {
  let count = 0;
  for (let i = 0; i < grid.length; i++)
    for (let j = i + 1; j < grid.length; j++)
      if (grid[i].join() === grid[j].join()) count++;
  return count;
}
"""),
    ("matrix product", "python", "n^3", """
def multiply(a, b):
    n = len(a)
    out = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            for k in range(n):
                out[i][j] += a[i][k] * b[k][j]
    return out
"""),
    # union-find: find with path compression is near-constant; without it, a walk
    ("union-find with path halving", "python", "n", """
def count_components(n, edges):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    components = n
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            components -= 1
    return components
"""),
    ("union-find with path halving", "javascript", "n", """
function countComponents(n, edges) {
  const parent = [];
  for (let i = 0; i < n; i++) parent.push(i);
  function find(x) {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  let components = n;
  for (const [a, b] of edges) {
    const ra = find(a), rb = find(b);
    if (ra !== rb) { parent[ra] = rb; components--; }
  }
  return components;
}
"""),
    ("union-find with recursive path compression", "javascript", "n", """
function countComponents(n, edges) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x) => {
    if (parent[x] !== x) parent[x] = find(parent[x]);
    return parent[x];
  };
  let components = n;
  for (const [a, b] of edges) {
    const ra = find(a), rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  return components;
}
"""),
    ("union-find with recursive path compression", "python", "n", """
class DSU:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        if self.parent[x] != x:
            self.parent[x] = self.find(self.parent[x])
        return self.parent[x]

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)
"""),
    ("union-find without path compression", "python", "n^2", """
def count_components(n, edges):
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    components = n
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
            components -= 1
    return components
"""),
    ("union-find without path compression", "javascript", "n^2", """
function countComponents(n, edges) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x) => (parent[x] === x ? x : find(parent[x]));
  let components = n;
  for (const [a, b] of edges) {
    const ra = find(a), rb = find(b);
    if (ra !== rb) { parent[ra] = rb; components--; }
  }
  return components;
}
"""),
    # a queue from two stacks: the transfer runs only when the out-stack is empty (amortized O(1))
    ("queue from two stacks", "python", "1", """
class MyQueue:
    def __init__(self):
        self.inbox, self.outbox = [], []

    def push(self, x):
        self.inbox.append(x)

    def pop(self):
        self.peek()
        return self.outbox.pop()

    def peek(self):
        if len(self.outbox) == 0:
            while self.inbox:
                self.outbox.append(self.inbox.pop())
        return self.outbox[-1]

    def empty(self):
        return not self.inbox and not self.outbox
"""),
    ("queue from two stacks", "javascript", "1", """
class MyQueue {
  constructor() { this.inbox = []; this.outbox = []; }
  push(x) { this.inbox.push(x); }
  pop() { this.peek(); return this.outbox.pop(); }
  peek() {
    if (!this.outbox.length) {
      while (this.inbox.length) this.outbox.push(this.inbox.pop());
    }
    return this.outbox[this.outbox.length - 1];
  }
  empty() { return this.inbox.length === 0 && this.outbox.length === 0; }
}
"""),
    ("queue from two stacks moving everything back on every push", "python", "n", """
class MyQueue:
    def __init__(self):
        self.stack, self.tmp = [], []

    def push(self, x):
        while self.stack:
            self.tmp.append(self.stack.pop())
        self.stack.append(x)
        while self.tmp:
            self.stack.append(self.tmp.pop())

    def pop(self):
        return self.stack.pop()
"""),
    ("queue from two stacks moving everything back on every push", "javascript", "n", """
class MyQueue {
  constructor() { this.stack = []; this.tmp = []; }
  push(x) {
    while (this.stack.length > 0) this.tmp.push(this.stack.pop());
    this.stack.push(x);
    while (this.tmp.length > 0) this.stack.push(this.tmp.pop());
  }
  pop() { return this.stack.pop(); }
}
"""),
    # other amortized or divide-and-conquer shapes
    ("iterative in-order traversal", "python", "n", """
def inorder(root):
    out, stack, node = [], [], root
    while stack or node:
        while node:
            stack.append(node)
            node = node.left
        node = stack.pop()
        out.append(node.val)
        node = node.right
    return out
"""),
    ("iterative in-order traversal", "javascript", "n", """
function inorder(root) {
  const out = [], stack = [];
  let node = root;
  while (node || stack.length) {
    while (node) {
      stack.push(node);
      node = node.left;
    }
    node = stack.pop();
    out.push(node.val);
    node = node.right;
  }
  return out;
}
"""),
    ("build a tree from a pivot index map", "javascript", "n", """
function buildTree(preorder, inorder) {
  const at = new Map();
  for (let i = 0; i < inorder.length; i++) at.set(inorder[i], i);
  let next = 0;
  const build = (lo, hi) => {
    if (lo > hi) return null;
    const root = new TreeNode(preorder[next++]);
    const mid = at.get(root.val);
    root.left = build(lo, mid - 1);
    root.right = build(mid + 1, hi);
    return root;
  };
  return build(0, inorder.length - 1);
}
"""),
    ("build a tree by slicing and index()", "python", "n^2", """
def build_tree(preorder, inorder):
    if not inorder:
        return None
    root = TreeNode(preorder[0])
    mid = inorder.index(preorder[0])
    root.left = build_tree(preorder[1:mid + 1], inorder[:mid])
    root.right = build_tree(preorder[mid + 1:], inorder[mid + 1:])
    return root
"""),
    ("build a tree by indexOf on a range", "javascript", "n^2", """
function buildTree(preorder, inorder) {
  let next = 0;
  function build(lo, hi) {
    if (lo > hi) return null;
    const root = new TreeNode(preorder[next++]);
    const mid = inorder.indexOf(root.val);
    root.left = build(lo, mid - 1);
    root.right = build(mid + 1, hi);
    return root;
  }
  return build(0, inorder.length - 1);
}
"""),
    ("quicksort by filtering (worst case)", "python", "n^2", """
def quick_sort(a):
    if len(a) <= 1:
        return a
    pivot, rest = a[0], a[1:]
    return quick_sort([x for x in rest if x < pivot]) + [pivot] + quick_sort([x for x in rest if x >= pivot])
"""),
    ("quicksort by filtering (worst case)", "javascript", "n^2", """
function quickSort(a) {
  if (a.length <= 1) return a;
  const [pivot, ...rest] = a;
  return [...quickSort(rest.filter((x) => x < pivot)), pivot, ...quickSort(rest.filter((x) => x >= pivot))];
}
"""),
    ("counting bsts without memo stays exponential", "python", "2^n", """
def num_trees(n):
    def count(lo, hi):
        if lo >= hi:
            return 1
        total = 0
        for root in range(lo, hi + 1):
            total += count(lo, root - 1) * count(root + 1, hi)
        return total
    return count(1, n)
"""),
    ("longest increasing subsequence memo over all earlier items", "python", "n^2", """
from functools import cache

def length_of_lis(nums):
    @cache
    def best(i):
        return 1 + max((best(j) for j in range(i) if nums[j] < nums[i]), default=0)
    return max(best(i) for i in range(len(nums)))
"""),
    ("hand-written heap sift-down", "python", "log n", """
def sift_down(heap, i):
    n = len(heap)
    while True:
        smallest = i
        left, right = 2 * i + 1, 2 * i + 2
        if left < n and heap[left] < heap[smallest]:
            smallest = left
        if right < n and heap[right] < heap[smallest]:
            smallest = right
        if smallest == i:
            return
        heap[i], heap[smallest] = heap[smallest], heap[i]
        i = smallest
"""),
    ("hand-written heap sift-down", "javascript", "log n", """
function siftDown(heap, i) {
  while (true) {
    let smallest = i;
    const left = 2 * i + 1, right = 2 * i + 2;
    if (left < heap.length && heap[left] < heap[smallest]) smallest = left;
    if (right < heap.length && heap[right] < heap[smallest]) smallest = right;
    if (smallest === i) return;
    [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
    i = smallest;
  }
}
"""),
    ("class with get and set methods", "javascript", "log n", """
class TimeMap {
  constructor() { this.store = new Map(); }
  set(key, value, time) {
    if (!this.store.has(key)) this.store.set(key, []);
    this.store.get(key).push([time, value]);
  }
  get(key, time) {
    const list = this.store.get(key) || [];
    let lo = 0, hi = list.length - 1, ans = "";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][0] <= time) { ans = list[mid][1]; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }
}
"""),
    ("linear scan while loop with an index step", "javascript", "n", """
function f(nums) {
  let i = 0, total = 0;
  while (i < nums.length) {
    const left = 2 * i;
    total += left;
    i = i + 1;
  }
  return total;
}
"""),
]


@pytest.mark.parametrize(
    "name,language,expected,code", CANDIDATES, ids=[f"{lang}: {name}" for name, lang, _, _ in CANDIDATES]
)
def test_candidate_solution(name, language, expected, code):
    est = estimate_time(code, language)
    check_reasons(est)
    assert est.time == expected, est


def test_nested_loops_reason_names_both_loops():
    est = estimate_time(CANDIDATES[0][3], "python")
    assert any("inside a loop over range(len(nums))" in r and "(line 4)" in r for r in est.reasons), est.reasons


def test_exponential_recursion_reason_says_why():
    est = estimate_time("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n", "python")
    assert est.time == "2^n"
    assert any("without memoization" in r and "line 2" in r for r in est.reasons)


def candidate(name: str, language: str) -> str:
    return next(code for n, lang, _, code in CANDIDATES if n == name and lang == language)


@pytest.mark.parametrize(
    "names,needle",
    [
        (("tree depth with a depth argument",) * 2, "visits each node of the structure once"),
        (("level order with range(len(queue))", "level order with a level size and a head index"),
         "one level of queue"),
        (("level order swapping in the next level",) * 2, "one frontier of a level-by-level search"),
        (("islands by recursive dfs",) * 2, "grid is shared by every call"),
        (("iterative in-order traversal",) * 2, "pushes the nodes it walks onto stack"),
        (("build a tree from a pivot index map",) * 2, "splits its range at a pivot"),
    ],
)
def test_amortized_shapes_say_why(names, needle):
    for language, name in zip(LANGUAGES, names):
        if not any(n == name and lang == language for n, lang, _, _ in CANDIDATES):
            continue
        est = estimate_time(candidate(name, language), language)
        assert any(needle in r and re.search(r"\(line \d+\)", r) for r in est.reasons), (language, est.reasons)


@pytest.mark.parametrize("language", LANGUAGES)
def test_grid_search_reason_names_the_visited_marks(language):
    est = estimate_time(PROBLEMS["number-of-islands"].languages[language].solution, language)
    assert est.time == "n"
    assert any("every push is guarded by grid" in r for r in est.reasons), est.reasons


def test_unclassified_recursion_is_none_with_a_reason():
    est = estimate_time("def f(xs):\n    return f(xs)\n", "python")
    assert est.time is None and est.reasons


# --- 3. robustness ---------------------------------------------------------------------------------------

BROKEN = [
    ("python", "def two_sum(nums, target):\n    for i in range(len(nums):\n        pass\n"),
    ("python", "def f(:\n"),
    ("python", "return x +"),
    ("javascript", "function twoSum(nums, target) {\n  for (let i = 0; i < nums.length; i++ {\n  }\n}\n"),
    ("javascript", "function f(nums) {\n  return nums.map(x => x * 2;\n"),
    ("javascript", "const s = 'unterminated;\n"),
    ("javascript", "/* never closed"),
    ("javascript", "const t = `abc ${x"),
]


@pytest.mark.parametrize("language,code", BROKEN)
def test_syntax_errors_give_none_with_a_reason(language, code):
    est = estimate_time(code, language)
    assert est.time is None
    assert est.reasons and "does not parse" in est.reasons[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", ["", "   \n\t\n"])
def test_empty_code(language, code):
    est = estimate_time(code, language)
    assert est.time is None and est.reasons


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_starter_stub_is_constant(slug, language):
    est = estimate_time(PROBLEMS[slug].languages[language].starter, language)
    assert est.time == "1", est


@pytest.mark.parametrize(
    "language,code",
    [
        ("python", "def f(x):\n    pass\n"),
        ("python", "def f(nums):\n    return []\n"),
        ("javascript", "function f(nums) { return []; }"),
        ("javascript", "const f = (nums) => nums.length;"),
    ],
)
def test_input_independent_body_is_constant(language, code):
    assert estimate_time(code, language).time == "1"


GARBAGE = [
    "\x00\x01\x02",
    "@@@ ### $$$",
    "}}}{{{",
    "((((((((((",
    "))))))",
    "`",
    "'''",
    "x" * 5000,
    "for for for while while (((",
    "def def def",
    "function function (",
    "(" * 3000 + ")" * 3000,
    "[" * 5000 + "]" * 5000,
    "if (a) else b; do while; switch case default:",
    "class { } class X extends (Y) { a() { } b = () => { } }",
    "const f = async function* () { yield* g(); };",
    "a = b / c / d; e = /re[/]gex/.test(s); f = x => /a/g;",
    "match x:\n    case _:\n        pass\n",
]


@pytest.mark.parametrize("language", LANGUAGES + ["ruby", "", None])
@pytest.mark.parametrize("code", GARBAGE)
def test_garbage_never_raises(code, language):
    check_reasons(estimate_time(code, language))


def test_mutated_reference_solutions_never_raise():
    rnd = random.Random(20240611)
    sources = [(lang, PROBLEMS[s].languages[lang].solution) for s in SLUGS for lang in LANGUAGES]
    for _ in range(600):
        language, code = rnd.choice(sources)
        i, j = sorted(rnd.randrange(len(code) + 1) for _ in range(2))
        mutated = [code[:i], code[:i] + code[j:], code[:i] + rnd.choice("{}()[];'\"`/\n*=.,:?") + code[i:]]
        for text in mutated:
            check_reasons(estimate_time(text, language))


def generated_python(lines: int) -> str:
    out = []
    for k in range(lines // 10):
        out += [
            f"def f{k}(nums, target):",
            "    seen = {}",
            "    total = 0",
            "    for i, x in enumerate(nums):",
            "        for y in nums[i:]:",
            "            if x + y == target and y in seen:",
            "                total += sorted(nums)[0]",
            "        seen[x] = i",
            f"    return total + f{k - 1}(nums, target)" if k else "    return total",
            "",
        ]
    return "\n".join(out)


def generated_javascript(lines: int) -> str:
    out = []
    for k in range(lines // 10):
        out += [
            f"function f{k}(nums, target) {{",
            "  const seen = new Map();",
            "  let total = 0;",
            "  for (let i = 0; i < nums.length; i++) {",
            "    for (const y of nums.slice(i)) {",
            "      if (nums[i] + y === target && seen.has(y)) total += [...nums].sort()[0];",
            "    }",
            "    seen.set(nums[i], i);",
            f"  }} return total + f{k - 1}(nums, target);" if k else "  } return total;",
            "}",
        ]
    return "\n".join(out)


@pytest.mark.parametrize("language,make", [("python", generated_python), ("javascript", generated_javascript)])
def test_300_lines_is_fast(language, make):
    code = make(300)
    assert code.count("\n") >= 290
    started = time.perf_counter()
    est = estimate_time(code, language)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms"
    check_reasons(est)
    assert est.time is not None and intent.rank(est.time) >= intent.rank("n^2")


# --- 4. every figure is a form the scorer can rank --------------------------------------------------------


def test_every_form_has_a_rank():
    assert all(intent.rank(form) is not None for form in FORMS)


def test_in_between_figures_are_rounded_up_with_the_exact_figure_in_the_reasons():
    code = "def f(nums):\n    for x in nums:\n        nums.sort()\n"
    est = estimate_time(code, "python")
    assert est.time == "n^3"
    assert any("n^2 log n (line 3)" in r for r in est.reasons) and any("reported as n^3" in r for r in est.reasons)


def test_deterministic():
    code = PROBLEMS["merge-intervals"].languages["javascript"].solution
    assert estimate_time(code, "javascript") == estimate_time(code, "javascript")
