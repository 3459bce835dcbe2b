"""The interview's vocabulary: what a clarifying question can be about (topics) and what an approach
can be built from (concepts), each with the words a candidate uses for it, typed or recognized.

Problem files name these ids (`[[clarifications]] topic`, `[[approaches]] uses`; `problems --validate`
checks them) and the understanding of a candidate turn (`engine.understand`) finds them in speech.
Patterns run on normalized text: lowercase, no punctuation, fillers dropped, complexities written
as tokens like `o(n^2)` (see `engine.understand.normalize`).
"""

from __future__ import annotations

import re

# --- what a clarifying question is about ------------------------------------------------------

TOPICS: dict[str, str] = {
    "duplicates": r"duplicat\w*|repeat(s|ed|ing)?|repetitions?|same (value|number|element|integer|letter|character|char"
                  r"|word|key|string|item|entry|point|interval|node value)s?|(appear|occur|show up)s? (twice|more than once"
                  r"|multiple times|again)|distinct|unique (values|numbers|elements|integers|characters|letters|words|keys)"
                  r"|all (different|unique|distinct)|equal (values|numbers|elements)|twice",
    "negatives": r"negative\w*|below zero|less than zero|minus (numbers|values)|non ?negative|positive (only|numbers"
                 r"|values|integers)|only positive|signed",
    "empty": r"empty|no (elements|items|numbers|nodes|characters|words|intervals|strings)|zero (elements|length|nodes"
             r"|items)|length (of )?(zero|0)|(list|array|string|tree|input|grid|matrix) (be|is) (null|none|nil)"
             r"|(null|none|nil) (input|head|root|tree|list)|nothing in",
    "single": r"single (element|item|node|number|character|letter|value|word|interval|row|column|cell)|only one (element"
              r"|item|node|number|character|letter|value|word|interval|row|column|cell)|one (element|item|node|number"
              r"|character|letter)|length (of )?(one|1)|just one (element|item|node|number|character)|size (one|1)",
    "sorted": r"(already )?sorted|in (sorted|increasing|ascending|decreasing|descending) order|ascending|descending"
              r"|ordered|monotonic",
    "multiple_answers": r"(more than one|multiple|several|many|two|different) (valid )?(answers?|solutions?|pairs?"
                        r"|results?|valid|possible outputs?|ways|options|orders?|matches|candidates)|which (one|pair"
                        r"|answer|solution|of them|index|indices) (do|should|would) (i|we)|any (one|valid) (of them|answer"
                        r"|solution)|exactly one (answer|solution|pair|valid)|(is|there'?s) (the|a) (answer|solution) "
                        r"(unique|always unique)|unique (answer|solution)|always (exactly )?one",
    "no_answer": r"no (answer|solution|pair|valid|match|result|path|way)|not (found|possible|reachable)|(doesn'?t|does "
                 r"not|don'?t|do not) (exist|have an answer|have a solution)|isn'?t (one|any)|there is none|impossible"
                 r"|can'?t be (done|reached|formed|made|found)|cannot be (done|reached|formed|made|found)|no way",
    "output_order": r"(order of|order in) (the )?(output|result|answer|indices|pairs|list|groups|elements|values|words"
                    r"|triplets|combinations|subsets|permutations)|(output|result|answer|indices|pairs|groups|triplets"
                    r"|combinations|subsets|permutations|list i return|return value)s? (\w+ ){0,3}(order|sorted)"
                    r"|does (the )?order matter|order matters?|in any order|specific order|particular order",
    "output_format": r"return (type|format|value)|what (do|should|would|am) (i|we) (return|output|supposed to return)"
                     r"|what (exactly )?(is|should be) (the )?(output|return)|(return|output|give back) (a|an|the) "
                     r"(list|array|string|tuple|number|count|boolean|bool|node|index|indices|values|length|pair)"
                     r"|indices or (the )?values|values or (the )?indices|print (it )?or return|return or print"
                     r"|zero[- ]based|one[- ]based|0[- ]indexed|1[- ]indexed",
    "in_place": r"in[- ]?place|modify|mutat\w*|change (the )?(input|array|list|original|grid|matrix|string)"
                r"|overwrite|(extra|additional|auxiliary) (space|memory|array)|allocate|(make|use) a copy|copy of "
                r"(the )?(input|array|list)|new (array|list)",
    "input_size": r"how (big|large|long|many)( \w+)? (is|are|can|will|could|would)|size of (the )?(input|array|list"
                  r"|string|grid|matrix|tree|graph|data)|length of (the )?(input|array|list|string|words?)|max(imum)? "
                  r"(size|length|number of)|upper (bound|limit)|how many (elements|nodes|items|numbers|words|characters"
                  r"|strings|intervals|points|rows|columns|operations|calls|edges|courses|vertices|jobs|coins)"
                  r"|fit in memory|big is n|large is n|n up to|huge input|(input|array|list|string) (be )?(very )?(large"
                  r"|huge|long)",
    "value_range": r"range of|how (big|large|small) (can |are |is )?(the )?(values?|numbers?|integers?|elements?|"
                   r"weights?|amounts?|prices?|heights?|targets?|keys?)|overflow|fit in (an? )?(int|integer|32|64|long)"
                   r"|(32|64)[- ]?bit|bounds? (on|of) (the )?(values?|numbers?)|max(imum)? (value|number)|min(imum)? "
                   r"(value|number)|large (numbers|values)|big (numbers|values)",
    "characters": r"characters?|chars?|letters?|ascii|unicode|alphabet\w*|alphanumeric|punctuation|spaces|white ?space"
                  r"|symbols?|digits?|special characters|emoji|english",
    "case": r"case[- ]?(sensitive|insensitive|sensitivity|matters?)|upper ?case|capital(s|ized| letters)?|lower ?case"
            r"|mixed case",
    "integers": r"integers? only|only integers|floats?|floating|decimals?|fractions?|real numbers|whole numbers"
                r"|always integers",
    "valid_input": r"valid|invalid|malformed|well[- ]formed|guaranteed|garbage|bad input|error handling|handle errors"
                   r"|throw|exception|edge input|weird input",
    "reuse": r"re-?use|use (the same|an|a|each|any) (\w+ ){0,2}(more than once|twice|multiple times|again|repeatedly)"
             r"|unlimited|as many times|infinite supply|pick (the same|it) again",
    "ties": r"ties?|tied|tie[- ]?break\w*|equal (distances?|frequenc\w+|counts?|lengths?|scores?|priority)|same "
            r"(distance|frequency|count|length|score|priority)",
    "tree_shape": r"balanced|binary search tree|bst|complete (binary )?tree|full (binary )?tree|perfect (binary )?tree"
                  r"|node values|values in the (tree|nodes)|parent pointers?|depth of the tree|height of the tree",
    "graph_shape": r"cycles?|cyclic|acyclic|self[- ]?loops?|connected|disconnected|directed|undirected|components?"
                   r"|multiple edges|parallel edges|dag",
    "adjacency": r"diagonal\w*|four directions|4 directions|eight directions|8 directions|neighbou?rs?|adjacent|wrap "
                 r"around|edges? of the (grid|board|matrix)|up down left right",
    "thread_safety": r"threads?|thread[- ]?safe\w*|concurren\w*|parallel\w*|locks?|locking|synchroni\w*|atomic",
    "capacity": r"capacity|evict\w*|(cache|it) (is )?full|size limit|zero capacity",
    "missing": r"missing|not (present|there|in the (cache|map|store|trie|stack|queue))|(doesn'?t|does not) (exist|have "
               r"(it|the key))|absent|key (isn'?t|is not)|(get|pop|top|peek|search|find)\w* (on|from|of|an?) (empty|"
               r"missing|nonexistent)|empty (stack|queue|heap|cache|store)",
    "api": r"methods?|api|interface|constructor|calls? (come )?in (any|what) order|order of (the )?calls|operations?"
           r"|(how|when) (is|are|will) (\w+ )?called|called (before|after|with)|return (none|null|nothing|void)",
    "timestamps": r"timestamps?|strictly increasing|time values|times? (come|are|arrive)|(out of|in) order times?",
    "library": r"built[- ]?ins?|librar(y|ies)|standard lib\w*|import|(sort|sorted|sorting) function|counter|collections"
               r"|heapq|bisect|(use|call) (python'?s|javascript'?s|js|the language'?s)|helper functions?|regex"
               r"|regular expressions?",
    "complexity_target": r"(expected|target|required|what) (time )?complexity|how (fast|efficient|optimal) (does|should"
                         r"|do) (it|this|i|we)|time limit|brute force (ok|okay|acceptable|fine|enough|good enough|alright)"
                         r"|(is|would) (a |an )?(bigo|brute force|naive|quadratic|slow) (\w+ )?(be )?(ok|okay|"
                         r"acceptable|fine|enough)|need the optimal|optimal (solution|one) (needed|required)"
                         r"|optimi[sz]e (for|it)",
    "language": r"pseudo ?code|which language|what language|(use|write (it )?in|code in) (python|javascript|java|c\+\+"
                r"|go|any language)|language of (my )?choice",
}

# A question's topics that need no problem to answer: intervu's own answers (`engine.understand`).
GENERIC_TOPICS = ("library", "complexity_target", "language")

# --- what an approach is built from -------------------------------------------------------------

CONCEPTS: dict[str, str] = {
    "hash_map": r"hash ?maps?|hash ?tables?|hash(ing)?|dict(ionar(y|ies))?|dicts|maps?|mapping|lookup( table)?|key "
                r"value|associative array|object as a map|index of each|value to (its )?index|(as|is) the key|as a "
                r"key|keyed by|under (that|the|its) key|hash math|per key|for (each|every) key|(each|that|the|a) key'?s "
                r"(own )?(list|history|values?|timestamps|entries)",
    "hash_set": r"hash ?sets?|(a|the|one|my|our|visited|seen|python|js|javascript|another|second) sets?(?! (it|the|them|"
                r"this|that|to|up|head|prev|next|curr|current|\w+ to)\b)|sets? of|(into|in|from|to|with) (a|the) set|set "
                r"(lookup|membership|contains|has)|sets\b",
    "counting": r"counts?(?! (that|it|this|them|those|these|\w+ing) as| as)|counters?|counting|frequenc(y|ies)|tally"
                r"|tallies|histogram|occurrences|count array|bucket sort|buckets?",
    "sorting": r"(?<!bucket )(?<!counting )(?<!topological )(?<!merge )(?<!radix )(?<!heap )(?<!quick )(sort(ing|ed)? "
               r"(it|them|both|each|every|all|the|by|first|then|and|in place|(\w+ )?(letters|characters|chars|words?"
               r"|strings?|copy|version|keys?|array|list|input|intervals|points|numbers|values|coins|jobs|pairs))|sort\b|"
               r"sorting|after sorting|once sorted|sorted order|sorted [b-hj-z] (and |equals |is |vs |versus |against )?sorted|sorted (\w+ )?(letters|characters|chars|words?|strings?|"
               r"copy|version|keys?|form|array|list))",
    "two_pointers": r"two pointers?|(left|start|low|lo|begin\w*) and (right|end|high|hi)( pointers?| indices| index| "
                    r"ends?)|(left|right) pointer|low and high|lo and hi"
                    r"|pointers? (at|from) (both|each|the two) ends?|both ends|pointer on each|converg\w*|meet in the "
                    r"middle|move (the )?(left|right|smaller|shorter|taller)|dutch (national )?flag|three pointers|low"
                    r" mid (and )?high",
    "fast_slow": r"fast and slow|slow and fast|tortoise and (the )?hare|floyd\w*|two speeds|one step and two steps"
                 r"|(slow|fast) (one|pointer|runner) (goes|moves|takes|steps)|one step (and|while|,)? ?(the )?(fast|"
                 r"other) (one )?(goes |moves )?two"
                 r"|runner technique|twice as fast",
    "sliding_window": r"sliding window|window|shrink\w* (the )?(left|window)|expand\w* (the )?(right|window)",
    "binary_search": r"binary search\w*|bisect\w*|halv(e|ing)|cut (the )?(search )?(space|range) in half|split in half"
                     r"|half (of the|the) (range|array)|log n search|middle (element|index) and (go|move|discard)|"
                     r"both (smaller|bigger|less|greater|larger)|bst property|(go|move) left .{0,40}(go|move) right",
    "stack": r"stacks?|push (it|them|onto|on)|pop (it|them|off|from)|last in first out|lifo",
    "monotonic_stack": r"monotonic\w*( stack| queue)?|increasing stack|decreasing stack",
    "queue": r"queues?|deques?|enqueue|dequeue|fifo|first in first out|(list|array) of (the )?keys (in|by) (the )?order"
             r"|keys in (the )?order of (use|access)",
    "heap": r"heaps?|priority queues?|min ?heap|max ?heap|heapq|heapify",
    "bfs": r"bfs|breadth[- ]?first|level by level|level order|multi[- ]?source|layer by layer|wave",
    "dfs": r"dfs|depth[- ]?first|flood fill|explore (each|the) (island|component|neighbou?rs?)",
    "recursion": r"recurs\w*|call (it|itself|the function) on (the )?(left|right|children|subtrees?|rest|next)"
                 r"|on each subtree|for (each|both) (child|children|subtrees?)",
    "dp": r"dynamic programming|dp|memo(?!ry)\w*|tabulat\w*|sub ?problems?|overlapping|bottom[- ]up|top[- ]down|cache "
          r"(the )?results?|build (up )?(a |the )?table|recurrence|fibonacci|last two (values|numbers|results|answers)"
          r"|previous two|two variables|dp (array|table)|ways\(n|best (answer|result) (up to|ending at|for each)",
    "greedy": r"greedy|greedily|locally (best|optimal)|always (take|pick|choose) the (best|largest|smallest|earliest)",
    "prefix_sums": r"prefix (sums?|products?)|running (sum|total|product|max|min)|cumulative|suffix (sums?|products?)"
                   r"|left (products?|sums?) and right|products? (to|from) the (left|right)|[ck]adane\w*|current sum|prefixes"
                   r"|prefix (and|or) suffix",
    "union_find": r"union[- ]?find|disjoint[- ]?sets?|dsu|union by rank|path compression",
    "topological_sort": r"topolog\w*|kahn\w*|in[- ]?degrees?|indegrees?|dependency order",
    "backtracking": r"backtrack\w*|try (each|every|all) (choice|option|candidate|possibilit\w+)|undo (the|my) choice"
                    r"|choose (or|and) (not )?(choose|skip)|include (it )?or (exclude|skip)|explore all (combinations"
                    r"|paths|options)",
    "trie": r"tries?|prefix tree|trie nodes?|(dict|map|array|hash ?map) (from|of) (each )?(char|character|letter)s? "
            r"to (its )?(child|children|node)|is ?end|end of word (flag|marker)",
    "pointer_rewiring": r"dummy (head|node)|sentinel|rewir\w*|(re)?link\w* (the )?(nodes?|next)|(change|flip|reverse|"
                        r"redirect) (the )?(next )?pointers?|prev(ious)? (and|,) (curr|current)|splice|next pointers?"
                        r"|walk (both|the two) lists|attach (the )?(smaller|next)",
    "bit_tricks": r"xor|bitwise|bit ?mask\w*|bit manipulation|shift\w* bits",
    "divide_conquer": r"divide and conquer|merge sort|split (it |them )?in (two|half) and merge|pair(wise)? merg\w*"
                      r"|merge (them )?in pairs",
    "graph_model": r"adjacency (list|matrix)|build (a |the )?graph|as a graph|graph of|nodes and edges|edges? list|"
                   r"directed graph|graph problem|cycle detection|detect (a )?cycles?",
    "simulation": r"simulat\w*|layer by layer|peel\w*|boundar(y|ies) (shrink|move)|walk (the )?(spiral|border|layers?)"
                  r"|(four|4) (boundaries|bounds|walls|borders)|state machine",
    "math": r"formula|math\w*|arithmetic|closed form|gauss",
    "voting": r"boyer[- ]?moore|voting|majority vote|candidate and (a )?count",
    "quickselect": r"quick ?select|partition (around|by) (a )?pivot|hoare",
    "inorder": r"in[- ]?order( traversal)?|sorted order of (the )?(bst|tree)",
    "linked_hash": r"doubly[- ]linked( list)?|ordered ?dict\w*|linked hash ?map|move (it )?to (the )?(front|end|head|tail)",
    "brute_force": r"brute[- ]?forc\w*|naive\w*|every (possible )?(pair|combination|subarray|substring|permutation|subset"
                   r"|option|starting point|pair of)|all (possible )?(pairs|combinations|subarrays|substrings|permutations"
                   r"|subsets)|the dumb way|dumbest|simplest thing|for (each|every) (start|starting) (index|point|"
                   r"position)|redo (that|the) scan|separate (bfs|dfs|search|scan)|(try|check|test|compar)\w* (\w+ ){0,3}"
                   r"one by one|for (each|every) \w+ (i'?d|we'?d|i|we|i'?ll|we'?ll) (would |could |can |then )?(scan|loop|search|"
                   r"walk|iterate|rescan|go (through|over|back|forward|left|right)|look (through|back|left|right|at ("
                   r"every|all|each)))|for (each|every) \w+ (i'?d|we'?d|i|we) (try|make|check|compare)( \w+){0,3} ("
                   r"through|over|across|at|against|with|in) (all|every|each|the rest|the whole|everything|the others?|"
                   r"the remaining|the entire)|nested loops?|two (nested )?(for )?loops|double "
                   r"loop|loop inside (a|another) loop|for each "
                   r"\w+ (loop|check|go|scan) (over|through) (all|every|the rest|the whole)|check (every|each) (\w+ )?"
                   r"(with|against) (every|each|all)|try (every|all|each)",
    "linear_scan": r"(linear|bigo) (scan|search|walk)|(walk|loop|scan|iterat|step)\w*( \w+){0,6} (until|till)\b(?! ("
                   r"the )?(low|high|lo|hi|left|right|pointers?|start|end|l|r|they|both|window)\b)|(go|look)\w*( \w+){0,6} "
                   r"(until|till) (i|we|you|it) (hit|find|see|reach|get|come)|(find|finding|locate|locating) (\w+ ){0,5}by "
                   r"(walking|scanning|looping|going|iterating|stepping)",
    "one_pass": r"one pass|single pass|in one go|one scan|single scan|one loop|once through|walk (through )?(it|the "
                r"(array|list|string)) once|iterate once|go through (it |the (array|list|string) )?once|(digit|character|char"
                r"|letter) by (digit|character|char|letter)|(accumulat|read|build|consum|process)\w* (the )?(digits|"
                r"characters|chars|letters) one (by one|at a time)",
}

_COMPILED_TOPICS = {k: re.compile(rf"\b(?:{v})\b") for k, v in TOPICS.items()}
_COMPILED_CONCEPTS = {k: re.compile(rf"\b(?:{v})\b") for k, v in CONCEPTS.items()}


def topics_in(text: str) -> list[str]:
    """The topics a normalized question names, in the vocabulary's order."""
    return [k for k, rx in _COMPILED_TOPICS.items() if rx.search(text)]


def concepts_in(text: str) -> list[str]:
    """The concepts a normalized utterance names, in the vocabulary's order."""
    return [k for k, rx in _COMPILED_CONCEPTS.items() if rx.search(text)]
