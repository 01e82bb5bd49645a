"""Precision and recall of the extractor on the hand-written pages of tests/test_pages.py.

Each page's judged claims (tests/test_pages.py, JUDGED) say which claims the guidelines call
for in which sentence. A predicted claim is correct when its subject, relation and object match a
judged claim whose sentence fragment lies in the predicted sentence; recall counts the judged
claims found. "exact" also requires the evidence level, hedged and negated to match.

    PYTHONPATH=src:. python scripts/measure_pages.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import tests.test_pages as pages
from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document


def main() -> None:
    extractor = Extractor.create()
    totals = {"correct": 0, "predicted": 0, "found": 0, "expected": 0, "exact": 0}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in pages.PAGES.items():
            (root / name).write_text(text, encoding="utf-8")
            mentions = extractor.extract(read_document(root / name, root)).mentions
            rows = pages.judged(name)
            correct = [
                m
                for m in mentions
                if any(
                    f in m.sentence and pages.tuple_of(m)[:3] in {c[:3] for c in cs}
                    for _, f, cs in rows
                )
            ]
            expected = [(f, c) for mark, f, cs in rows if mark in "+-" for c in cs]
            found = [
                (f, c)
                for f, c in expected
                if any(f in m.sentence and pages.tuple_of(m)[:3] == c[:3] for m in mentions)
            ]
            exact = [
                (f, c)
                for f, c in expected
                if any(f in m.sentence and pages.tuple_of(m) == c for m in mentions)
            ]
            print(
                f"{name:16} precision {len(correct)}/{len(mentions)}  "
                f"recall {len(found)}/{len(expected)}  exact {len(exact)}"
            )
            for key, value in (
                ("correct", correct),
                ("predicted", mentions),
                ("found", found),
                ("expected", expected),
                ("exact", exact),
            ):
                totals[key] += len(value)
    p = totals["correct"] / totals["predicted"]
    r = totals["found"] / totals["expected"]
    print(
        f"all pages: precision {p:.3f}, recall {r:.3f}, F1 {2 * p * r / (p + r):.3f}, "
        f"exact attributes {totals['exact'] / totals['expected']:.2f}"
    )


if __name__ == "__main__":
    main()
