#!/usr/bin/env python3
"""Counts allocations and reference-count operations in a callgrind output file.

Usage: tools/callgrind-allocations.py CALLGRIND.OUT [CALLGRIND.OUT]

With one file, prints the totals. With two (the same workload, a short and a longer run),
prints the difference too, which is what each extra event costs without start-up.
swift_allocObject is also split by what allocates (by the allocating function's name):
arrays, strings, dictionaries and sets, class instances, and the rest: closure contexts,
plus objects whose initialiser was inlined into their user and arrays built by a
specialised `map` or `filter` or an inlined literal. So the first rows are lower bounds
and the last is roughly an upper bound for closures (a closure made inside an allocating
initialiser counts as an instance; an `fC` allocating init of a struct too).
Used by the README's Benchmark section:
  RESORTSIM_BENCH_DURATION=5s valgrind --tool=callgrind --callgrind-out-file=a.out .build/release/resortsim-bench soak
"""
import re
import sys

WATCHED = ["malloc", "swift_allocObject", "swift_retain", "swift_release"]


def counts(path):
    """Calls of each watched function, and of swift_allocObject by kind of caller."""
    names, calls, current, caller = {}, {}, None, None
    kinds = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            # Names are compressed: the first use of an id, in an fn= or a cfn= line, names it.
            d = re.match(r"c?fn=\((\d+)\) (.+)", line)
            if d:
                names[d.group(1)] = d.group(2).strip()
            m = re.match(r"fn=\((\d+)\)", line)
            if m:
                caller = names.get(m.group(1))
                current = None
                continue
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
                if base == "swift_allocObject" and caller:
                    k = kind(caller)
                    kinds[k] = kinds.get(k, 0) + int(m.group(1))
    return calls, kinds


# What allocates, by the allocating function's (mangled) name. A class instance whose
# initialiser was inlined lands with the closure contexts, so that row is an upper bound
# for closures.
KINDS = ["arrays", "strings", "dictionaries and sets", "class instances", "closure contexts and inlined objects"]


def kind(caller):
    name = caller.split("'")[0]  # with --separate-callers a name goes on with its callers
    if any(t in name for t in ("ContiguousArray", "_allocateUninitialized", "ArrayBuffer", "$sSa")):
        return "arrays"
    if any(t in name for t in ("StringStorage", "StringGuts", "$sSS")):
        return "strings"
    if any(t in name for t in ("DictionaryStorage", "SetStorage", "NativeDictionary", "NativeSet", "$sSD", "$sSh")):
        return "dictionaries and sets"
    if name.endswith("fC"):
        return "class instances"
    return "closure contexts and inlined objects"


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    first, first_kinds = counts(sys.argv[1])
    for k in WATCHED:
        print(f"{k}: {first.get(k, 0)}")
    for k in KINDS:
        print(f"  swift_allocObject for {k}: {first_kinds.get(k, 0)}")
    if len(sys.argv) == 3:
        second, second_kinds = counts(sys.argv[2])
        print("difference (second - first):")
        for k in WATCHED:
            print(f"{k}: {second.get(k, 0) - first.get(k, 0)}")
        for k in KINDS:
            print(f"  swift_allocObject for {k}: {second_kinds.get(k, 0) - first_kinds.get(k, 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
