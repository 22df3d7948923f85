"""The dev corpus's gold claims, read one way for every test that scores against them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from harness.paths import CORPUS_DIR


def published_date(published: str | None) -> dt.date | None:
    return dt.date.fromisoformat(published) if published else None


def gold_evidence() -> Iterator[tuple[str, dt.date | None, dict[str, Any]]]:
    """(evidence sentence, article date, gold claim) for every gold claim of the corpus;
    nothing when the corpus is absent (callers skip, saying so)."""
    if not CORPUS_DIR.is_dir():
        return
    for path in sorted(CORPUS_DIR.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        published = published_date(article.get("published"))
        for claim in article.get("claims", []):
            evidence = claim["evidence"]
            text = evidence["text"] if isinstance(evidence, dict) else evidence
            yield text, published, claim
