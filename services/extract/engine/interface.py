"""A small seam so that a statistical or LLM extractor can replace or complement the
rules: anything with a `name` and `extract(article)` is an Extractor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from services.extract.engine.merge import merge_claims
from services.extract.engine.model import ArticleInput, ExtractedClaim


@runtime_checkable
class Extractor(Protocol):
    name: str

    def extract(self, article: ArticleInput) -> list[ExtractedClaim]: ...


class CombinedExtractor:
    """The union of several extractors' claims, merged: one claim per fact, strongest
    evidence kept. An extractor that raises contributes nothing for that article."""

    def __init__(self, extractors: Sequence[Extractor], name: str = "combined") -> None:
        self.name = name
        self._extractors = tuple(extractors)

    def extract(self, article: ArticleInput) -> list[ExtractedClaim]:
        claims: list[ExtractedClaim] = []
        for ex in self._extractors:
            try:
                got = ex.extract(article)
            except Exception:  # one failing extractor must not lose the others' claims
                continue
            offset = len(claims)
            claims.extend(c.at(offset + i) for i, c in enumerate(got))
        return merge_claims(claims)
