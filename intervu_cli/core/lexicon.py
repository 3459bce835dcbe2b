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
    "duplicates": r"duplicat\w*|dupes?|repeat(s|ed|ing)?|repetitions?|identical|same (value|number|element|integer"
                  r"|letter|character|char|word|key|string|item|entry|point|interval|node value|name|email|edge|job"
                  r"|digit|task|bracket|kind|colou?r|price|height|coordinate)s?|(appear|occur|show up|shows up|listed"
                  r"|inserted|pushed|added|put)s? (twice|more than once|multiple times|again|three times)|distinct"
                  r"|(values|numbers|elements|integers|characters|letters|words|keys|names|emails|points|intervals"
                  r"|entries|items|digits|heights|prices|coins|tasks|strings|labels|coordinates)( \w+)? (all )?(unique"
                  r"|distinct)|unique (values|numbers|elements|integers|characters|letters|words|keys)|all (different"
                  r"|unique|distinct)|equal (values|numbers|elements|heights)|twice|counts? of each (letter|character)"
                  r"|(letter|character) counts?|share (a|an|the same|one|an equal) (value|name|email)",
    "negatives": r"negative\w*|below zero|less than zero|minus (numbers|values|sign)|non ?negative|positive|signed"
                 r"|unary (minus|plus)|(plus|minus) signs?|two signs",
    "empty": r"empty|no (elements|items|numbers|nodes|characters|words|intervals|strings|prices|coins|candidates"
             r"|points|bars|jobs|tasks|walls|prerequisites|edges|lists|letters|digits|values|operators|keys|days"
             r"|courses|accounts|emails|tokens|rows|columns|cells|land|fresh oranges)|zero (elements|length|nodes"
             r"|items|rows|columns|steps|words|lists|characters)|length (of )?(zero|0)|(list|array|string|tree|input"
             r"|grid|matrix|root|head|node|graph|board|image|word|prefix|key|value|expression|dictionary|subarray"
             r"|subset) ([\w']+ ){0,3}(be|is|was|are) (null|none|nil|empty)|(null|none|nil) (input|head|root|tree|list"
             r"|node|pointer)|\b(n|k|m|amount|capacity)( \w+){0,4} (be|is|equals?) (zero|0)|fewer than (two|three"
             r"|\w+) (numbers|elements|nodes|items)|(only|just|all) (spaces|whitespace)|before (any|adding|inserting"
             r"|putting|pushing|anything) ?(insert|put|add|push|set|call|numbers?)?",
    "single": r"single (element|item|node|number|character|letter|value|word|interval|row|column|cell|digit|day|price"
              r"|step|wall|course|token|version|release|pixel|point|bar|list|task|bracket|one|subset|string|key)"
              r"|only one (element|item|node|number|character|letter|value|word|interval|row|column|cell|digit|day"
              r"|price|step|course|token|version|pixel|point|bar|list|task|bracket)|one (element|item|node|number)"
              r"|one[- ](letter|character) (word|string)|length (of )?(one|1)|just one (element|item|node|number"
              r"|character|digit|day|step|list|task|point|bar|token)|size (one|1)|\b(n|k|m) (is|be|equals?) (one|1)"
              r"|just (a|the) root|lone \w+",
    "sorted": r"(already )?sorted|in (sorted|increasing|ascending|decreasing|descending) order|ascending|descending"
              r"|ordered|monotonic|chronological|grouped together|rotated|(is|are) (the )?(\w+ ){0,3}in (any|a"
              r"|some) (particular|specific) order|going (up|down)|(smaller|bigger|larger|less|greater) than (p|q)\b",
    "multiple_answers": r"(more than one|multiple|several|many|two|different) (valid )?(answers?|solutions?|pairs?"
                        r"|results?|valid|possible outputs?|ways|options|orders?|matches|candidates|ladders?|paths?"
                        r"|routes?|windows?|splits?|places|roots?|sets?|majority elements?)|which (one|pair|answer"
                        r"|solution|of them|index|indices|middle|path|split|window|coins?|ladder) (\w+ )?(do|should"
                        r"|would|to) (i|we|you)|any (one|valid) (of them|answer|solution)|exactly one (answer|solution"
                        r"|pair|valid)|(is|there'?s) (the|a) (answer|solution) (unique|always unique)|unique (answer"
                        r"|solution)|always (exactly )?one (answer|solution|pair|valid|way|result)|matter which|(all"
                        r"|every) (of )?(the )?(\w+ )?or just (one|the first)|answers? (always )?unique"
                        r"|only (ever )?one (pair|answer|solution|way)",
    "no_answer": r"no (\w+ )?(answer|solution|pair|valid|match|result|path|way|ladder|window|palindrome|majority"
                 r"|triplet|combination|profit|container|bad version|anagrams?|zero)s?|not (found|possible|reachable)"
                 r"|(doesn'?t|does not|don'?t|do not) (exist|have an answer|have a solution)|isn'?t (one|any)"
                 r"|there is none|impossible|can'?t be (done|reached|formed|made|found|built|read)|cannot be (done"
                 r"|reached|formed|made|found|built)|no way|(can'?t|cannot|never) (make|build|form|reach|rot"
                 r"|be reached)|nothing (\w+ ){0,3}(sums|adds|groups|matches|works|covers)|(isn'?t|is not"
                 r"|not) in the (array|list|string|input|grid)|no (\w+ ){0,3}(sums?|adds?) (up )?to|(target|value|word"
                 r"|element|number|it)'?s? (isn'?t|is not|is never|wasn'?t) (there|in|found|present)|nowhere",
    "output_order": r"(order of|order in) (the )?(output|result|answer|indices|pairs|list|groups|elements|values|words"
                    r"|triplets|combinations|subsets|permutations)|(output|result|answer|ind(ex|ice)|pair|group"
                    r"|triplet|combination|subset|permutation|list i return|return value"
                    r"|\w+ i return)s? (\w+ ){0,4}(order|ordered|sorted)|does (the )?order matter|order matters?"
                    r"|in any order|specific order|(what|which) order|order (\w+ ){0,3}matters?|left to right"
                    r"|right to left|top to bottom|bottom to top|bottom up|top down|clockwise|counter ?clockwise"
                    r"|anti ?clockwise|comes? first|goes? first|most significant|reversed|(keep|preserve|maintain"
                    r"|follow) (the )?(\w+ )?(original|given|same|relative|input) order|lexicographic\w*"
                    r"|alphabetical\w*|smallest first|largest first|which operand|from the top( \w+)? down|(go|goes"
                    r"|going) (from )?(top|bottom|left|right) to|(return|give back|hand back|hand (them|it) back"
                    r"|come back|output) (\w+ ){0,3}(in )?(sorted|order)|inside (a|each|the|every) (triplet"
                    r"|combination|group|subset|permutation|window|pair)|(returned|return|output) in (some|a|any|which"
                    r"|what) (special |specific |particular |certain )?order",
    "output_format": r"return (type|format|value)|what (do|should|would|am|will) (i|we) (return|output"
                     r"|supposed to return)(?! (if|when|for|in case|on)\b)|what (exactly )?(is"
                     r"|should be) (the )?(output|return)|(return|output|give back) (a|an|the) (list|array|string"
                     r"|tuple|number|count|boolean|bool|node|index|indices|values|length|pair)"
                     r"|indices or (the )?values|values or (the )?indices|print (it |them )?or return|return (it "
                     r"|them )?or print|zero[- ]based|one[- ]based|0[- ]indexed|1[- ]indexed|zero indexed|one indexed"
                     r"|(do|should|would|will|am|can) (i|we) (\w+ ){0,3}(return|print|output|give back|hand back"
                     r"|report)(?! (if|when|for|in case|on)\b)|what (should|does|do|will"
                     r"|would) (\w+ ){0,2}return(?! (if|when|for|in case|on)\b)|output (look|be) like|(count|counted"
                     r"|measured|counting) in (nodes|edges)|(nodes|edges) or (nodes|edges)|(what|which|any|particular"
                     r"|string) format|true or false|(int|integer|float|string|number) or (an? )?(int|integer|float"
                     r"|string|number)|(indices|indexes|values?|node|nodes|count|length|string|list|boolean|number"
                     r"|index|numbers|positions?|sum|area|profit) or (just |the |its |their |a )*(actual )?(values?"
                     r"|indices|indexes|node|nodes|count|length|string|list|boolean|number|index|positions?)\b"
                     r"|you want (\w+ ){0,4}(back|returned)|come back as|returned as|return (it |them )?as"
                     r"|or (just )?(how many|the count|the number)|(the )?actual (\w+ )?or|(i|we) (need|have|got"
                     r"|am supposed|are supposed) to (return|output|print)(?! (if|when|for|in case|on)\b)",
    "in_place": r"in[- ]?place|modif\w*|mutat\w*|change (the |my |its |their )?(\w+ )?(input|array|list|original|grid"
                r"|matrix|string|board|image|tree|nodes?|node values|heights|words|next pointers|values|lists)"
                r"|overwrit\w*|reorder\w*|rearrang\w*|(extra|additional|auxiliary) (space|memory|arrays?|lists?|data)"
                r"|allocate|(make|use) a copy|cop(y|ies) of (the )?(input|array|list|nodes)|new (array|list|string"
                r"|grid|nodes?|tree)|(store|write|mark) (\w+ ){0,3}(on|in|into) the (\w+ )?(nodes?|input|grid|board"
                r"|original)|slice|splice|relink|rewir\w*|fresh (array|list|copy)|paint (the )?input",
    "input_size": r"how (big|large|long|many)( \w+)? (is|are|can|will|could|would)|size of (the )?(input|array|list"
                  r"|string|grid|matrix|tree|graph|data)|length of (the )?(input|array|list|string|words?)"
                  r"|max(imum)? (size|length|number of|depth|dimensions)|upper (bound|limit)|how many (elements|nodes"
                  r"|items|numbers|words|characters|strings|intervals|points|rows|columns|operations|calls|edges"
                  r"|courses|vertices|jobs|coins|times|tasks|versions|accounts|emails|digits|bars|walls|days|tokens"
                  r"|lists)|fit in memory|big is n|large is n|n up to|huge input|(input|array|list"
                  r"|string) (be )?(very )?(large|huge|long)|how (deep|deeply)|nest(ed|ing)|different lengths?"
                  r"|lengths differ|(always|be|is) square|dimensions|(number of )?rows and columns|know the length"
                  r"|limit on (\w+ )?calls|number of calls|a million|as many rows as columns",
    "value_range": r"range of|how (big|large|small|tall|high) (can |could |are |is |does )?(the |a |an )?(values?"
                   r"|numbers?|integers?|elements?|weights?|amounts?|prices?|heights?|targets?|keys?|answer|result|sum"
                   r"|total|product|area|cooldown|coordinates?|colou?rs?|colou?r values|time values|bars?|walls?)"
                   r"|overflow\w*|fit in (an? )?(int|integer|32|64|long)|(32|64)[- ]?bit|bounds? (on"
                   r"|of) (the )?(values?|numbers?)|max(imum)? (value|number)|min(imum)? (value|number)|large (numbers"
                   r"|values)|big (numbers|values)|(only|just) (zero|0)( and| or)? (one|1)|(other than|besides"
                   r"|except) (zero|0|one|1)|(convert|parse|turn) (\w+ ){0,3}(into |to )?(python )?(int|integer"
                   r"|number)s?|contains? a zero|more than one zero|what values|midpoint|(have|has|hold"
                   r"|be) (a )?value (of )?(zero|0)|(small|limited|bounded) range|2\^(31|32|63|64)",
    "characters": r"(what|which|other|any|only|special|non[- ]?\w+|allowed|valid|kinds? of|types? of|sorts? of|set of"
                  r"|range of|english|ascii|lowercase|uppercase|printable|weird|funny|besides|contain|contains|include"
                  r"|includes|have) (\w+ ){0,2}(characters?|chars?|letters?|symbols?)|(characters?|chars?|letters?"
                  r"|symbols?) (\w+ ){0,2}(allowed|appear|included|can (appear|be|show)|are there|besides|other than"
                  r"|count|counts)|ascii|unicode|alphabet\w*|alphanumeric|punctuation|spaces|white ?space|symbols?"
                  r"|digits?|special characters|emoji|english|operators?|multiplication|exponents?|angle brackets"
                  r"|(strings|characters) or (integers|numbers|ints)|(integers|numbers|ints) or (strings|characters)"
                  r"|(could|can|will|are|is) there be (\w+ ){0,3}(characters|letters|chars|symbols)|only brackets",
    "case": r"case[- ]?(sensitiv\w*|insensitiv\w*|sensitivity|matters?)|upper ?case|capital(s|ized| letters)?"
            r"|lower ?case|mixed case|(small|big) letters?",
    "integers": r"integers? only|only integers|floats?|floating|decimals?|fractions?|real numbers|whole numbers"
                r"|always integers|(are|is) (the |all )?(\w+ )?(always )?(integers?|ints|whole)|(integers?"
                r"|ints?) or (strings?|floats?)|round(ed|ing|s)?|truncat\w*|precis\w*|unit wide|one wide|same width",
    "valid_input": r"valid|invalid|malformed|well[- ]formed|guaranteed|garbage|bad input|error handling|handle errors"
                   r"|throw|exception|edge input|weird input|consistent|unbalanced|overshoot|go(es)? past"
                   r"|out of bounds|rectangular|jagged|leading zeros?|divi\w* by zero|always (at least|between"
                   r"|less than|different|before|inside)|the same node|equal the (\w+ )?(end|start|original)"
                   r"|overlap\w*|land exactly|enough operands",
    "reuse": r"re-?us(e|ed|es|ing)|use (the same|an|a|each|any|every|all|up) (\w+ ){0,2}(more than once|twice"
             r"|multiple times|again|repeatedly|more times)|unlimited|as many times|infinite supply|pick (the same"
             r"|it) again|(be |get )?(used|taken|picked|visited|chosen|called) (\w+ )?(more than once|twice"
             r"|multiple times|again|more times)|revisit\w*|come back to|(buy|sell|trade) (\w+ ){0,2}(multiple|several"
             r"|many) times|more than one (trade|transaction)|how many (transactions|trades)|(have to|need to"
             r"|must) use (every|all|each|up)|leave (\w+ ){0,2}out|(pair|paired|use) (\w+ ){0,2}with itself"
             r"|same cell twice|more times than|take (\w+ ){0,2}(many|multiple|several) times|or only once",
    "ties": r"ties?|tied|tie[- ]?break\w*|equal (distances?|frequenc\w+|counts?|lengths?|scores?|priority)"
            r"|same (distance|frequency|count|length|score|priority|maximum|minimum|max|min|sum|profit)|equally (near"
            r"|close|far|long|good|frequent|tall)|at least half|(multiple|several|two) (\w+ )?(longest|shortest"
            r"|closest|largest|smallest)|which longest|(just |only )touch\w*|touch\w* (at|each other)|inclusive"
            r"|endpoints?",
    "tree_shape": r"balanc\w*|unbalanced|lopsided|skewed|binary search tree|bst|complete (binary )?tree"
                  r"|full (binary )?tree|perfect (binary )?tree|(node )?values (in the tree )?(\w+ )?ordered|(tree"
                  r"|bst) (is )?ordered|parent pointers?|(to|know|knows|reach) (its|the|a) parent|depth of the tree"
                  r"|height of the tree|height (of )?(a |an |the |each )?(empty )?subtree|height (count|counts"
                  r"|defined)|how (deep|tall) (can|is|does|will) the tree|through the root|(left|right) subtree"
                  r"|shape of the tree|more than two children|right branch|is (it|this|the tree) (a|an) (\w+ )?tree",
    "graph_shape": r"cycles?|cyclic|acyclic|self[- ]?loops?|connected|disconnected|directed|undirected|components?"
                   r"|multiple edges|parallel edges|dag|(a|any) loops?|loop in|transitive\w*|(reached"
                   r"|reachable) (along|from|by)|depend\w* on (each other|itself|themselves)|own (prerequisite"
                   r"|neighbou?r)|which way|share (\w+ )?nodes?|doubly|obstacles?|blocked|reachable"
                   r"|(always )?a (valid )?tree|same edge|loop\w* back|(connected|linked|points?) to itself"
                   r"|own neighbou?r|prev(ious)? pointers?|back pointers?|reach\w* from (the )?(start\w*|given|one"
                   r"|node)|reached from",
    "adjacency": r"diagonal\w*|four directions|4 directions|eight directions|8 directions|neighbou?rs?|adjacent"
                 r"|wrap\w* ?around|edges? of the (grid|board|matrix|image|array)|up down left right|contiguous"
                 r"|consecutive|skip (\w+ )?(elements|numbers|values|over|some)|next to each other|(just"
                 r"|only) touch\w*|touch\w* (at|each other|diagonally|only)|(land|cells?|pixels?|intervals?"
                 r"|ones) (that )?touch\w*|(at|on) (a|the) corner|directions?|move (up|down|left|right|diagonally)"
                 r"|(outside|beyond|off) the (grid|border|board|edges?|image)|spill\w*|walls? (in )?between"
                 r"|walk through|inclusive|endpoints?|adjacency",
    "thread_safety": r"threads?|thread[- ]?safe\w*|concurren\w*|parallel\w*|locks?|locking|synchroni\w*|atomic",
    "capacity": r"capacity|evict\w*|(cache|it|queue|stack|store) (is )?full|size limit|zero capacity|bounded|unbounded",
    "missing": r"missing|not (present|there|in the (cache|map|store|trie|stack|queue))|(doesn'?t|does not) (exist"
               r"|have (it|the key))|absent|key (isn'?t|is not)|(get|pop|top|peek|search|find)\w* (on|from|of"
               r"|an?) (empty|missing|nonexistent)|empty (stack|queue|heap|cache|store)|(isn'?t|is not|not"
               r"|never) (present in|in the (tree|list|trie|dictionary|word list)|inserted|set)|before the first|(have"
               r"|has|need|needs) to (be in|appear)|no word starts|(isn'?t|is not|wasn'?t|was not) there"
               r"|earlier than the first|(pop|top|peek|get min|find median|get)( \w+){0,3} (if|when) (the |it'?s "
               r"|it is )?(stack|queue|heap|cache)? ?(is )?empty|(exist|be|present) in the (tree|list|trie|graph)"
               r"|(already|was|been|were) evicted",
    "api": r"methods?|api|interface|constructor|calls? (come )?in (any|what) order|order of (the )?calls|operations?"
           r"|(how|when) (is|are|will) (\w+ )?called|called (before|after|with)|return (none|null|nothing|void)|(does"
           r"|do|should|will) (push|pop|insert|add num|add|set|put|get|peek|top|search|starts with|find median"
           r"|empty) (\w+ ){0,2}(return|give|match|count|update|refresh)|what (does|should|will) (push|pop|insert"
           r"|add num|add|set|put|get|peek|top|search|starts with) return|interleav\w*|how many stacks|two stacks"
           r"|(delete|deleting|remove|removing|removed) (words?|keys?|elements?)|signature|passed to (my"
           r"|the) (function|method)|(use|using) division|divide (the )?(total )?product|(store"
           r"|keep) (\w+ ){0,3}(state|inside)|count as a use|prefix of (itself|an inserted)|partial words?|exact match"
           r"|(calling|call to|calls to) (get|put|push|pop|insert|search|add|set)( \w+){0,2} (refresh|update|count)",
    "timestamps": r"timestamps?|strictly increasing|time values|times? (come|are|arrive)|(out of|in) order times?"
                  r"|same day|sell (it )?before|(buy|sell) day|at time|time stamps?",
    "library": r"built[- ]?ins?|librar(y|ies)|standard lib\w*|import|(sort|sorted|sorting) function|counter"
               r"|collections|heapq|bisect|(use|call) (python'?s|javascript'?s|js|the language'?s)|helper functions?"
               r"|regex|regular expressions?|eval\w*|deque|pop from the front",
    "complexity_target": r"(expected|target|required|what) (time )?complexity|how (fast|efficient|optimal) (does"
                         r"|should|do) (it|this|i|we)|time limit|brute force (ok|okay|acceptable|fine|enough"
                         r"|good enough|alright)|(is|would) (a |an )?(bigo|brute force|naive|quadratic"
                         r"|slow) (\w+ )?(be )?(ok|okay|acceptable|fine|enough)|need the optimal|optimal (solution"
                         r"|one) (needed|required)|optimi[sz]e (for|it)|(have|need|needs|has) to be (logarithmic"
                         r"|linear|constant)|(is|would) (an? )?(amortized|linear|logarithmic)( time| scan"
                         r"| search)? (\w+ )?(ok|okay|fine|acceptable|enough)|what complexity|(want"
                         r"|need) the (most )?optimal|optimal (solution |one )?(right away|first)|start (simple"
                         r"|with (whatever|brute|something))|log(arithmic)? (in |n )?time|logarithmic|(have|has|need"
                         r"|needs) to be (a |an |in )?bigo|most optimal|optimal solution",
    "language": r"pseudo ?code|which language|what language|(use|write (it )?in|code in) (python|javascript|java|c\+\+"
                r"|go|any language)|language of (my )?choice|write (this |it )?in (python|javascript|java|c\+\+"
                r"|typescript)|(instead of|rather than) (python|javascript|java|c\+\+|typescript)",
}

# A question's topics that need no problem to answer: intervu's own answers (`engine.understand`).
GENERIC_TOPICS = ("library", "complexity_target", "language")

# --- what an approach is built from -------------------------------------------------------------

CONCEPTS: dict[str, str] = {
    "hash_map": r"hash ?maps?|hash ?tables?|hash(ing)?|dict(ionar(y|ies))?|dicts|maps?|mapping|lookup( table)?"
                r"|key value|associative array|object as a map|index of each|value to (its )?index|(as|is) the key"
                r"|as a key|keyed by|under (that|the|its) key|hash math|per key|for (each|every) key|(each|that|the"
                r"|a) key'?s (own )?(list|history|values?|timestamps|entries)",
    "hash_set": r"hash ?sets?|(a|the|one|my|our|visited|seen|python|js|javascript|another|second) sets?(?! (it|the"
                r"|them|this|that|to|up|head|prev|next|curr|current|\w+ to)\b)|sets? of|(into|in|from|to|with) (a"
                r"|the) set|set (lookup|membership|contains|has)|sets\b",
    "counting": r"counts?(?! (that|it|this|them|those|these|\w+ing) as| as)|counters?|counting|frequenc(y|ies)|tally"
                r"|tallies|histogram|occurrences|count array|bucket sort|buckets?",
    "sorting": r"(?<!bucket )(?<!counting )(?<!topological )(?<!merge )(?<!radix )(?<!heap )(?<!quick )(sort(ing"
               r"|ed)? (it|them|both|each|every|all|the|by|first|then|and|in place|(\w+ )?(letters|characters|chars"
               r"|words?|strings?|copy|version|keys?|array|list|input|intervals|points|numbers|values|coins|jobs"
               r"|pairs))|sort\b|sorting|after sorting|once sorted|sorted order|sorted [a-z] (and |equals |is |vs "
               r"|versus |against )?sorted [a-z]\b|sorted (\w+ )?(letters|characters|chars|words?|strings?|copy"
               r"|version|keys?|form|array|list))",
    "two_pointers": r"two pointers?|(left|start|low|lo|begin\w*) and (right|end|high|hi)( pointers?| indices| index| "
                    r"ends?)|(left|right) pointer|low and high|lo and hi"
                    r"|pointers? (at|from) (both|each|the two) ends?|both ends|pointer on each|converg\w*|meet in the "
                    r"middle|move (the )?(left|right|smaller|shorter|taller)|dutch (national )?flag|three pointers|low"
                    r" mid (and )?high",
    "fast_slow": r"fast and slow|slow and fast|tortoise and (the )?hare|floyd\w*|two speeds|one step and two steps"
                 r"|(slow|fast) (one|pointer|runner) (goes|moves|takes|steps)|one step (and|while|,)? ?(the )?(fast|"
                 r"other) (one )?(goes |moves )?two"
                 r"|runner technique|twice as fast|(fast|slow) pointer|fast (one|runner) (\w+ ){0,3}(catch|meet"
                 r"|lap)\w*",
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
                   r"|left (products?|sums?) and right|products? (to|from) the (left|right)|[ck]adane\w*|current sum"
                   r"|prefixes|prefix (and|or) suffix",
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
    "linked_hash": r"doubly[- ]linked( list)?|ordered ?dict\w*|linked hash ?map|move (it )?to (the )?(front|end|head"
                   r"|tail)",
    "brute_force": r"brute[- ]?forc\w*|naive\w*|every (possible )?(pair|combination|subarray|substring|permutation"
                   r"|subset|option|starting point|pair of)|all (possible )?(pairs|combinations|subarrays|substrings"
                   r"|permutations|subsets)|the dumb way|dumbest|simplest thing|for (each|every) (start"
                   r"|starting) (index|point|position)|redo (that|the) scan|separate (bfs|dfs|search|scan)|(try|check"
                   r"|test|compar)\w* (\w+ ){0,3}one by one|for (each|every) \w+ (i'?d|we'?d|i|we|i'?ll"
                   r"|we'?ll) (would |could |can |then )?(scan|loop|search|walk|iterate|rescan|go (through|over|back"
                   r"|forward|left|right)|look (through|back|left|right|at (every|all|each)))|for (each"
                   r"|every) \w+ (i'?d|we'?d|i|we) (try|make|check|compare)( \w+){0,3} (through|over|across|at|against"
                   r"|with|in) (all|every|each|the rest|the whole|everything|the others?|the remaining|the entire)"
                   r"|nested loops?|two (nested )?(for )?loops|double loop|loop inside (a|another) loop"
                   r"|for each \w+ (loop|check|go|scan) (over|through) (all|every|the rest|the whole)|check (every"
                   r"|each) (\w+ )?(with|against) (every|each|all)|try (every|all|each)",
    "linear_scan": r"(linear|bigo) (scan|search|walk)|(walk|loop|scan|iterat|step)\w*( \w+){0,6} (until"
                   r"|till)\b(?! (the )?(low|high|lo|hi|left|right|pointers?|start|end|l|r|they|both|window)\b)|(go"
                   r"|look)\w*( \w+){0,6} (until|till) (i|we|you|it) (hit|find|see|reach|get|come)|(find|finding"
                   r"|locate|locating) (\w+ ){0,5}by (walking|scanning|looping|going|iterating|stepping)",
    "one_pass": r"one pass|single pass|in one go|one scan|single scan|one loop|once through|walk (through )?(it"
                r"|the (array|list|string)) once|iterate once|go through (it |the (array|list|string) )?once|(digit"
                r"|character|char|letter) by (digit|character|char|letter)|(accumulat|read|build|consum"
                r"|process)\w* (the )?(digits|characters|chars|letters) one (by one|at a time)",
}

_COMPILED_TOPICS = {k: re.compile(rf"\b(?:{v})\b") for k, v in TOPICS.items()}
_COMPILED_CONCEPTS = {k: re.compile(rf"\b(?:{v})\b") for k, v in CONCEPTS.items()}


def topics_in(text: str) -> list[str]:
    """The topics a normalized question names, in the vocabulary's order."""
    return [k for k, rx in _COMPILED_TOPICS.items() if rx.search(text)]


def concepts_in(text: str) -> list[str]:
    """The concepts a normalized utterance names, in the vocabulary's order."""
    return [k for k, rx in _COMPILED_CONCEPTS.items() if rx.search(text)]
