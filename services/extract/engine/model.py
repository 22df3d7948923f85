"""Plain data of the engine: what goes in (an article) and what comes out (claims)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """The engine's input. `published` may be a date, a datetime or None (unknown)."""

    text: str
    published: dt.datetime | dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    id: str | None = None
    url: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One claim, with the field names and values of `shared.events.Claim`."""

    player: str
    kind: str
    club: str | None
    polarity: str
    certainty: str
    source: str | None
    timeframe: str | None
    details: dict[str, Any] = field(default_factory=dict)
    evidence_text: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    position: int = 0

    def at(self, position: int) -> ExtractedClaim:
        """The same claim at another position in its article's list."""
        return replace(self, position=position)

    def key(self) -> tuple[str, str, str | None, str]:
        """Identity of the fact (what the scorer matches on): evidence aside."""
        return (self.player, self.kind, self.club, self.polarity)

    def to_json(self) -> dict[str, Any]:
        return {
            "player": self.player,
            "kind": self.kind,
            "club": self.club,
            "polarity": self.polarity,
            "certainty": self.certainty,
            "source": self.source,
            "timeframe": self.timeframe,
            "details": dict(self.details),
            "evidence": {
                "text": self.evidence_text,
                "start": self.evidence_start,
                "end": self.evidence_end,
            },
        }
