"""Throughput of the rule engine alone on one core, on the dev corpus articles:
`python -m bench.engine_corpus [DIR]` (`python -m bench` measures it on synthetic ones).

Articles of about 3 KB are made by joining consecutive texts of a corpus directory (the
dev corpus by default); the figure is articles per CPU-second, best of several rounds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from harness.paths import CORPUS_DIR
from services.extract.engine.model import ArticleInput
from services.extract.engine.pipeline import extract
from services.extract.engine.scoring import article_from_json


def articles(directory: Path, size: int = 3200) -> list[ArticleInput]:
    base = [
        article_from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(directory.glob("*.json"))
    ]
    out: list[ArticleInput] = []
    for i, a in enumerate(base):
        nxt = base[(i + 1) % len(base)]
        text = (a.text + "\n\n" + nxt.text)[:size]
        out.append(ArticleInput(text=text, published=a.published, outlet=a.outlet))
    return out


def throughput(batch: list[ArticleInput], rounds: int = 7) -> float:
    for a in batch[:5]:
        extract(a)  # warm the gazetteer, registry and regex caches
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for a in batch:
            extract(a)
        elapsed = time.process_time() - start
        best = max(best, len(batch) / elapsed if elapsed else 0.0)
    return best


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else CORPUS_DIR
    batch = articles(directory)
    if not batch:
        print(f"no articles in {directory}", file=sys.stderr)
        return 2
    size = sum(len(a.text) for a in batch) / len(batch)
    print(f"{throughput(batch):.0f} articles/s (CPU time, one core), {size:.0f} chars each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
