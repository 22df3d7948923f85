"""The scoring rule of claims.md, exactly.

A prediction matches a gold claim of the same article when player (normalised surname:
lower case, accents removed, last word), kind, club (normalised via the gazetteer, or
both null) and polarity agree. Each gold claim matches at most one prediction, each
prediction at most one gold claim. Micro P/R/F1 over the corpus; certainty, source,
timeframe and details are accuracies over matched pairs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.engine.normal import fold, surname_key
from services.extract.engine.pipeline import extract
from services.extract.engine.players_registry import PlayerRegistry, bundled_data
from services.extract.engine.resources import gazetteer, registry_in_use

MatchKey = tuple[str, str, str | None, str]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    article: ArticleInput
    claims: tuple[dict[str, Any], ...]


@dataclass(slots=True)
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class Report:
    overall: Counts = field(default_factory=Counts)
    per_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attribute_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    def attribute_accuracy(self) -> dict[str, float]:
        return {
            k: round(self.attribute_hits[k] / self.matched, 4) if self.matched else 0.0
            for k in ("certainty", "source", "timeframe", "details")
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "per_kind": {k: v.as_dict() for k, v in sorted(self.per_kind.items())},
            "attributes": self.attribute_accuracy(),
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def article_from_json(obj: dict[str, Any]) -> ArticleInput:
    """An ArticleInput from the corpus/ingest JSON shape; unknown fields are ignored."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' must be a string")
    published: dt.datetime | dt.date | None = None
    raw = obj.get("published")
    if isinstance(raw, str) and raw:
        try:
            published = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            published = _parse_date(raw)

    def _opt(key: str) -> str | None:
        v = obj.get(key)
        return v if isinstance(v, str) else None

    return ArticleInput(
        text=text,
        published=published,
        outlet=_opt("outlet"),
        title=_opt("title"),
        id=_opt("id"),
        url=_opt("url"),
    )


def load_gold(directory: Path) -> list[GoldArticle]:
    out: list[GoldArticle] = []
    for path in sorted(directory.glob("*.json")):
        obj = json.loads(path.read_text(encoding="utf-8"))
        art = article_from_json(obj)
        if art.id is None:
            art = ArticleInput(art.text, art.published, art.outlet, art.title, path.stem, art.url)
        out.append(GoldArticle(art, tuple(obj.get("claims") or ())))
    return out


def gold_players(gold_articles: Iterable[GoldArticle]) -> set[str]:
    """Every player the gold names."""
    return {str(c["player"]) for ga in gold_articles for c in ga.claims if c.get("player")}


def _club_key(club: Any) -> str | None:
    if not isinstance(club, str) or not club.strip():
        return None
    return fold(gazetteer().normalise(club))


def key_of(player: str, kind: str, club: Any, polarity: str) -> MatchKey:
    return (surname_key(player), kind, _club_key(club), polarity or "affirmed")


def _norm_source(s: Any) -> str | None:
    return fold(s).strip() if isinstance(s, str) and s.strip() else None


def _details_agree(gold: Any, pred: Any) -> bool:
    """Same detail keys (of the four scored); deal_type and the year of contract_until
    equal. Fee formats differ between writers, so a fee counts by presence."""
    g = {
        k: v
        for k, v in (gold or {}).items()
        if k in ("fee", "contract_until", "deal_type", "wage") and v
    }
    p = {
        k: v
        for k, v in (pred or {}).items()
        if k in ("fee", "contract_until", "deal_type", "wage") and v
    }
    if set(g) != set(p):
        return False
    if "deal_type" in g and g["deal_type"] != p["deal_type"]:
        return False
    return not (
        "contract_until" in g and str(g["contract_until"])[:4] != str(p["contract_until"])[:4]
    )


def score(
    gold_articles: Iterable[GoldArticle],
    extract: Callable[[ArticleInput], list[ExtractedClaim]],
) -> Report:
    rep = Report()
    for ga in gold_articles:
        preds = extract(ga.article)
        # Predictions differing only in evidence (or attributes) count once.
        seen: dict[MatchKey, ExtractedClaim] = {}
        for c in preds:
            seen.setdefault(key_of(c.player, c.kind, c.club, c.polarity), c)
        used: set[MatchKey] = set()
        for g in ga.claims:
            gk = key_of(
                str(g.get("player", "")),
                str(g.get("kind", "")),
                g.get("club"),
                str(g.get("polarity", "affirmed")),
            )
            rep.overall.gold += 1
            rep.per_kind[gk[1]].gold += 1
            p = seen.get(gk)
            if p is not None and gk not in used:
                used.add(gk)
                rep.overall.tp += 1
                rep.per_kind[gk[1]].tp += 1
                rep.matched += 1
                rep.attribute_hits["certainty"] += g.get("certainty") == p.certainty
                rep.attribute_hits["source"] += _norm_source(g.get("source")) == _norm_source(
                    p.source
                )
                rep.attribute_hits["timeframe"] += (g.get("timeframe") or None) == p.timeframe
                rep.attribute_hits["details"] += _details_agree(g.get("details"), p.details)
            else:
                rep.misses.append({"article": ga.article.id, **g})
        for k, c in seen.items():
            rep.overall.pred += 1
            rep.per_kind[k[1]].pred += 1
            if k not in used:
                fa = c.to_json()
                fa["article"] = ga.article.id
                rep.false_alarms.append(fa)
    return rep


def score_engine(gold_articles: Iterable[GoldArticle], *, hold_out_players: bool = False) -> Report:
    """Score the rules engine; with `hold_out_players`, on a player registry without the
    gold's players, which is how it does on articles about players it does not know."""
    articles = list(gold_articles)
    if not hold_out_players:
        return score(articles, extract)
    known = PlayerRegistry.from_data(bundled_data(), without=gold_players(articles))
    with registry_in_use(known):
        return score(articles, extract)
