#!/usr/bin/env python3
"""Counts allocations and reference-count operations in a callgrind output file.

Usage: tools/callgrind-allocations.py CALLGRIND.OUT [CALLGRIND.OUT]

With one file, prints the totals. With two (the same workload, a short and a longer run),
prints the difference too, which is what each extra event costs without start-up.
Used by the README's Benchmark section:
  RESORTSIM_BENCH_DURATION=5s valgrind --tool=callgrind --callgrind-out-file=a.out .build/release/resortsim-bench soak
"""
import re
import sys

WATCHED = ["malloc", "swift_allocObject", "swift_retain", "swift_release"]


def counts(path):
    names, calls, current = {}, {}, None
    events = requests = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            # Names are compressed: the first use of an id, in an fn= or a cfn= line, names it.
            d = re.match(r"c?fn=\((\d+)\) (.+)", line)
            if d:
                names[d.group(1)] = d.group(2).strip()
            m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line)
            if m:
                if m.group(2):
                    names[m.group(1)] = m.group(2).strip()
                current = names.get(m.group(1))
                continue
            m = re.match(r"calls=(\d+)", line)
            if m and current:
                base = current.split("'")[0]
                if base in WATCHED:
                    calls[base] = calls.get(base, 0) + int(m.group(1))
    return calls


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    first = counts(sys.argv[1])
    for k in WATCHED:
        print(f"{k}: {first.get(k, 0)}")
    if len(sys.argv) == 3:
        second = counts(sys.argv[2])
        print("difference (second - first):")
        for k in WATCHED:
            print(f"{k}: {second.get(k, 0) - first.get(k, 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
