"""Between the event contracts and the extraction engine: pure functions, no I/O.

`article_from_json` reads the corpus/gold format (and plain article JSON) into an Article;
`to_input` hands an Article to the engine; `to_events` turns the engine's claims into
Claim events whose ids depend only on the article and the fact, so re-processing an
article re-emits the same ids.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from services.extract.engine.details import to_claim_details
from services.extract.engine.interface import Extractor
from services.extract.engine.model import ArticleInput, ExtractedClaim
from shared.codecs import PoisonMessage, describe_validation_error
from shared.events import Article, Claim, Evidence
from shared.ids import article_id, canonical_url, claim_id, player_id

# Fields of an Article that a plain article JSON may carry as they are.
_PASSTHROUGH = ("title", "outlet", "author", "language", "via")


class EngineOutputError(ValueError):
    """The engine returned a claim that breaks the event contract (an engine bug)."""


def parse_time(value: Any, *, field: str) -> dt.datetime:
    """An aware datetime from an ISO date or datetime (string or object).

    A date alone means midnight UTC, and so does a naive time: the corpus and most feeds
    give UTC or a date, and guessing a local zone would be worse.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time.min)
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = (
                dt.datetime.combine(dt.date.fromisoformat(text), dt.time.min)
                if len(text) == 10
                else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            raise PoisonMessage(f"{field}: not an ISO date or datetime: {value!r}") from None
    else:
        raise PoisonMessage(f"{field}: expected an ISO date or datetime, got {value!r}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def article_from_json(obj: Mapping[str, Any], *, now: dt.datetime | None = None) -> Article:
    """An Article from a corpus/gold file or a plain article JSON object.

    The id is the input's own when it has one, else the deterministic article id of its
    URL (or text). With no publication time the article is dated `now` (default: the
    clock) and marked `published_inferred`. Raises PoisonMessage naming the bad field.
    """
    if not isinstance(obj, Mapping):
        raise PoisonMessage(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PoisonMessage("text: missing or empty")
    url = obj.get("url") or None
    if url is not None and not isinstance(url, str):
        raise PoisonMessage(f"url: expected a string, got {url!r}")
    clock = now or dt.datetime.now(dt.UTC)
    published_raw = obj.get("published")
    fields: dict[str, Any] = {key: obj.get(key) for key in _PASSTHROUGH}
    fields.update(
        id=str(obj.get("id") or article_id(url=url, text=text)),
        url=url,
        canonical_url=obj.get("canonical_url") or (canonical_url(url) if url else None),
        text=text,
        published=clock if published_raw is None else parse_time(published_raw, field="published"),
        published_inferred=published_raw is None or bool(obj.get("published_inferred", False)),
        ingested_at=parse_time(obj["ingested_at"], field="ingested_at")
        if obj.get("ingested_at")
        else clock,
    )
    try:
        return Article.model_validate(fields)
    except ValidationError as error:
        raise PoisonMessage(describe_validation_error(error)) from None


def to_input(article: Article) -> ArticleInput:
    return ArticleInput(
        text=article.text,
        published=article.published,
        outlet=article.outlet,
        title=article.title,
        id=article.id,
        url=article.url,
    )


def _evidence(article: Article, claim: ExtractedClaim) -> Evidence:
    """The claim's evidence, held to the contract `article.text[start:end] == text`."""
    start, end, text = claim.evidence_start, claim.evidence_end, claim.evidence_text
    if article.text[start:end] != text:
        found = article.text.find(text) if text else -1
        if found < 0:
            raise EngineOutputError(
                f"evidence of {claim.player}/{claim.kind} is not in the article text "
                f"at [{start}:{end}] nor elsewhere: {text[:80]!r}"
            )
        start, end = found, found + len(text)
    return Evidence(text=text, start=start, end=end)


def to_events(
    article: Article, extracted: Sequence[ExtractedClaim], extractor_name: str
) -> list[Claim]:
    """One Claim event per distinct fact; a fact the engine repeats keeps its first
    occurrence, since both would carry the same id. Raises EngineOutputError when a claim
    breaks the contract (unknown kind, evidence not in the text, ...)."""
    events: list[Claim] = []
    seen: set[str] = set()
    for claim in extracted:
        identity = claim_id(
            article_id=article.id,
            kind=claim.kind,
            player=claim.player,
            club=claim.club,
            polarity=claim.polarity,
        )
        if identity in seen:
            continue
        seen.add(identity)
        try:
            events.append(
                Claim.model_validate(
                    {
                        "id": identity,
                        "article_id": article.id,
                        "player": claim.player,
                        "player_id": player_id(claim.player),
                        "kind": claim.kind,
                        "club": claim.club,
                        "polarity": claim.polarity,
                        "certainty": claim.certainty,
                        "source": claim.source,
                        "timeframe": claim.timeframe,
                        "details": to_claim_details(claim.details),
                        "evidence": _evidence(article, claim),
                        "published": article.published,
                        "outlet": article.outlet,
                        "url": article.url,
                        "position": claim.position,
                        "extractor": extractor_name,
                    }
                )
            )
        except ValidationError as error:
            raise EngineOutputError(
                f"claim {claim.player}/{claim.kind} breaks the contract: "
                + describe_validation_error(error)
            ) from None
    return events


@functools.cache
def default_extractor() -> Extractor:
    """The rules extractor, built once: it loads its gazetteers on first use."""
    from services.extract.engine.pipeline import RuleExtractor

    return RuleExtractor()


def extract_claims(article: Article, extractor: Extractor | None = None) -> list[Claim]:
    """The claims of one article, with the default rules extractor unless one is given."""
    engine = extractor or default_extractor()
    return to_events(article, engine.extract(to_input(article)), engine.name)
