"""Helpers of the engine tests."""

from __future__ import annotations

import datetime as dt

from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.engine.pipeline import extract

PUBLISHED = dt.date(2025, 1, 10)


def run(text: str, *, outlet: str | None = "Test Outlet") -> list[ExtractedClaim]:
    return extract(ArticleInput(text=text, published=PUBLISHED, outlet=outlet))


def facts(text: str) -> set[tuple[str, str, str | None, str]]:
    """(surname, kind, club, polarity) of each claim: what the scorer matches on."""
    return {(c.player.split()[-1], c.kind, c.club, c.polarity) for c in run(text)}


def find(text: str, surname: str, kind: str) -> list[ExtractedClaim]:
    return [c for c in run(text) if c.player.split()[-1] == surname and c.kind == kind]
