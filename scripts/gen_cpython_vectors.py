#!/usr/bin/env python3
"""Regenerates core/tests/golden/cpython.json from CPython itself.

Developer tool only: the tests read the checked-in JSON and never run Python.
The file pins what CPython's `random` module draws for given seeds, how `repr(float)` and
`round(x, n)` write floats, and how the reference bench's two JSON layouts look.
"""
import json
import random
import sys

SEEDS = [0, 1, 7, 42, 99, 123, 2**32 + 5, 2**64 - 1]


def draws(seed):
    out = {"seed": seed}
    r = random.Random(seed)
    out["random"] = [r.random() for _ in range(5)]
    r = random.Random(seed)
    out["getrandbits32"] = [r.getrandbits(32) for _ in range(4)]
    r = random.Random(seed)
    out["getrandbits40"] = [r.getrandbits(40) for _ in range(3)]
    r = random.Random(seed)
    out["randint_1_6"] = [r.randint(1, 6) for _ in range(10)]
    r = random.Random(seed)
    out["randrange_0_1000"] = [r.randrange(0, 1000) for _ in range(5)]
    r = random.Random(seed)
    out["choice_7"] = [r.choice(range(7)) for _ in range(5)]
    r = random.Random(seed)
    out["uniform_2_5_7_5"] = [r.uniform(2.5, 7.5) for _ in range(3)]
    r = random.Random(seed)
    w = [0.82, 0.05, 0.05, 0.08]
    out["choices_v44_evidence"] = [r.choices(range(4), weights=w, k=1)[0] for _ in range(10)]
    return out


FLOATS = [0.9, 0.0, -0.0, 1.0, 0.1, 0.87, 0.8099999999999999, 0.019999999999999997,
          0.9400000000000001, 1e-05, 0.0001, 123456789012345.6, 1e16, 1.5e300, 2.5e-7,
          -3.25, 100.0, 1.7000000000000002, 0.309661, 12345.678901234, 5e-324]
ROUND = [0.3096614, 0.0000005, 2.675, 0.1234565, 1.0005, 0.93, 0.9400000000000001, 1.15, 110.00000049999]

OBJECTS = [
    {"b": 1, "a": 0.9, "c": [1, 2.0, "x"], "d": None, "e": True},
    {"ts": "2026-04-22T10:15:30+09:00", "note": "日本語 é \u2028", "ctl": "a\nb\t\"c\"\\\x01\x1f\x7f"},
    {"z": {"x": {}, "y": []}, "missing": ["auth_id"], "n": -7},
]


def main():
    doc = {
        "generator": "scripts/gen_cpython_vectors.py",
        "python": sys.version.split()[0],
        "mt": [draws(s) for s in SEEDS],
        "float_repr": [[x, repr(x)] for x in FLOATS],
        "round": [[x, n, round(x, n)] for x in ROUND for n in (3, 6)],
        "json": [
            {
                "object": o,
                "canonical": json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
                "line": json.dumps(o, ensure_ascii=False),
            }
            for o in OBJECTS
        ],
    }
    with open("core/tests/golden/cpython.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
