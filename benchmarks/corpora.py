"""Build benchmark corpora: N articles made from source texts with their paragraphs shuffled.

Each generated article keeps its source's first paragraph (the title) and shuffles the rest with a
seeded random generator, so documents differ, sentences stay real and re-builds are identical.

    PYTHONPATH=src python benchmarks/corpora.py OUT_DIR --docs 500 [--source DIR ...]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = (".txt", ".md")


def source_texts(sources: list[Path]) -> list[str]:
    """The plain-text articles under each source folder (sorted, recursive)."""
    texts = []
    for folder in sources:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                texts.append(path.read_text(encoding="utf-8"))
    if not texts:
        raise SystemExit(f"no .txt or .md articles under {', '.join(map(str, sources))}")
    return texts


def shuffled(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    head, body = paragraphs[:1], paragraphs[1:]
    rng.shuffle(body)
    return "\n\n".join(head + body) + "\n"


def build_corpus(folder: Path, docs: int, sources: list[Path] | None = None, seed: int = 0) -> int:
    """Write `docs` articles into `folder`; return the number of words written."""
    texts = source_texts(sources or [REPO / "corpus"])
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for index in range(docs):
        text = shuffled(texts[index % len(texts)], rng)
        words += len(text.split())
        (folder / f"doc{index:06d}.txt").write_text(text, encoding="utf-8")
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--source", type=Path, action="append", default=[])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    words = build_corpus(args.out, args.docs, args.source or None, args.seed)
    print(f"{args.docs} documents, {words} words in {args.out}")


if __name__ == "__main__":
    main()
