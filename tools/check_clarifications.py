"""Check problem files' clarifications and approaches: schema, completeness, and whether each way a
question is asked names its topic in the words the understanding looks for.

    python tools/check_clarifications.py problems/two-sum.toml [more files...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from intervu_cli.core.lexicon import CONCEPTS, topics_in
from intervu_cli.problems import completeness, parse_problem


def main(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        problem, errors = parse_problem(Path(name))
        if problem is None:
            for e in errors:
                print(f"ERROR {e}")
            bad += 1
            continue
        for e in completeness(problem):
            print(f"ERROR {e}")
            bad += 1
        for i, c in enumerate(problem.clarifications):
            for ask in c.ask:
                text = " ".join(re.sub(r"[^a-z0-9'^ ]+", " ", ask.lower()).split())
                found = topics_in(text)
                if c.topic not in found:
                    print(f"warn  {problem.slug}: clarifications[{i}] ({c.topic}): {ask!r} names {found or 'no topic'}")
        ways = ", ".join("+".join(a.uses) + " " + a.time for a in problem.approaches)
        print(f"ok    {problem.slug}: {len(problem.clarifications)} clarifications, "
              f"{len(problem.approaches)} approaches ({ways})")
    print(f"concepts: {', '.join(CONCEPTS)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
