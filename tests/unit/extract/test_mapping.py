"""Mapping between the event contracts and the engine: pure, so tested directly."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest

from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.mapping import (
    EngineOutputError,
    article_from_json,
    extract_claims,
    to_events,
    to_input,
)
from shared.codecs import PoisonMessage
from shared.events import Article
from shared.ids import article_id, claim_id
from tests.conftest import CORPUS_DIR, SEED_ARTICLE

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
TEXT = "Arsenal have completed the signing of Declan Rice from West Ham. Fans are delighted."
SENTENCE = "Arsenal have completed the signing of Declan Rice from West Ham."


def _article(**changes: object) -> Article:
    base = {
        "id": "a1",
        "url": "https://example.com/rice",
        "outlet": "Example",
        "published": dt.datetime(2023, 7, 15, tzinfo=dt.UTC),
        "ingested_at": NOW,
        "text": TEXT,
    }
    base.update(changes)
    return Article.model_validate(base)


def _claim(**changes: object) -> ExtractedClaim:
    base: dict[str, object] = {
        "player": "Declan Rice",
        "kind": "transfer_completed",
        "club": "Arsenal",
        "polarity": "affirmed",
        "certainty": "confirmed",
        "source": None,
        "timeframe": None,
        "details": {},
        "evidence_text": SENTENCE,
        "evidence_start": 0,
        "evidence_end": len(SENTENCE),
        "position": 0,
    }
    base.update(changes)
    return ExtractedClaim(**base)  # type: ignore[arg-type]


@dataclass
class FakeExtractor:
    claims: list[ExtractedClaim]
    name: str = "fake"
    seen: list[ArticleInput] = field(default_factory=list)

    def extract(self, article: ArticleInput) -> list[ExtractedClaim]:
        self.seen.append(article)
        return self.claims


# article_from_json


def test_gold_format_keeps_its_id_and_dates_a_bare_day_at_midnight_utc() -> None:
    article = article_from_json(
        {
            "id": "seed-1",
            "url": None,
            "outlet": "TEAMtalk",
            "published": "2025-01-01",
            "title": None,
            "text": TEXT,
            "claims": [{"player": "ignored"}],
        },
        now=NOW,
    )
    assert article.id == "seed-1"
    assert article.published == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert not article.published_inferred
    assert article.outlet == "TEAMtalk"
    assert article.ingested_at == NOW


def test_plain_article_without_id_gets_the_deterministic_article_id() -> None:
    url = "https://www.example.com/rice?utm_source=x"
    article = article_from_json(
        {"url": url, "text": TEXT, "published": "2023-07-15T10:30:00+01:00"}, now=NOW
    )
    assert article.id == article_id(url=url, text=TEXT)
    assert article.canonical_url == "https://example.com/rice"
    assert article.published == dt.datetime(2023, 7, 15, 9, 30, tzinfo=dt.UTC)


def test_naive_time_is_utc_and_missing_time_is_inferred() -> None:
    naive = article_from_json({"text": TEXT, "published": "2023-07-15T10:30:00"}, now=NOW)
    assert naive.published == dt.datetime(2023, 7, 15, 10, 30, tzinfo=dt.UTC)
    undated = article_from_json({"text": TEXT}, now=NOW)
    assert undated.published == NOW
    assert undated.published_inferred
    assert undated.id == article_id(url=None, text=TEXT)


def test_a_full_article_event_round_trips() -> None:
    article = _article(
        title="Rice joins", via="http", language="en", canonical_url="https://example.com/rice"
    )
    assert article_from_json(article.model_dump(mode="json")) == article


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        ({"published": "2025-01-01"}, "text: missing or empty"),
        ({"text": "   "}, "text: missing or empty"),
        ({"text": TEXT, "published": "yesterday"}, "published: not an ISO date"),
        ({"text": TEXT, "published": 20250101}, "published: expected an ISO date"),
        ({"text": TEXT, "url": 7}, "url: expected a string"),
    ],
)
def test_bad_input_names_the_problem(obj: dict[str, object], reason: str) -> None:
    with pytest.raises(PoisonMessage, match=reason):
        article_from_json(obj, now=NOW)


def test_the_seed_article_reads() -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article not available at {SEED_ARTICLE}")
    article = article_from_json(json.loads(SEED_ARTICLE.read_text()))
    assert article.id == "seed-2025-01-01-liverpool-contracts"
    assert article.published == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


# to_input


def test_to_input_carries_what_the_engine_reads() -> None:
    article = _article(title="Rice joins")
    engine_input = to_input(article)
    assert engine_input == ArticleInput(
        text=TEXT,
        published=article.published,
        outlet="Example",
        title="Rice joins",
        id="a1",
        url="https://example.com/rice",
    )


# to_events


def test_to_events_builds_claims_with_deterministic_ids() -> None:
    article = _article()
    extracted = [
        _claim(details={"deal_type": "permanent", "fee": "£105m"}),
        _claim(kind="transfer_interest", club="Manchester City", certainty="rumoured", position=1),
    ]
    first = to_events(article, extracted, "rules")
    assert first == to_events(article, extracted, "rules")
    done, interest = first
    assert done.id == claim_id(
        article_id="a1",
        kind="transfer_completed",
        player="Declan Rice",
        club="Arsenal",
        polarity="affirmed",
    )
    assert done.player_id == "declan-rice"
    assert done.article_id == "a1"
    assert done.published == article.published
    assert (done.outlet, done.url, done.extractor) == ("Example", article.url, "rules")
    assert done.details.deal_type == "permanent"
    assert done.details.fee is not None
    assert (done.details.fee.amount, done.details.fee.currency) == (105_000_000.0, "GBP")
    assert article.text[done.evidence.start : done.evidence.end] == done.evidence.text
    assert (interest.club, interest.position, interest.certainty) == (
        "Manchester City",
        1,
        "rumoured",
    )
    assert interest.id != done.id


def test_a_fact_repeated_by_the_engine_is_emitted_once() -> None:
    events = to_events(_article(), [_claim(), _claim(position=3)], "rules")
    assert [e.position for e in events] == [0]


def test_misplaced_evidence_is_relocated_and_unknown_detail_keys_dropped() -> None:
    events = to_events(
        _article(text="Breaking. " + TEXT),
        [_claim(details={"sell_on": "15%", "clause": "£20m release clause", "wage": None})],
        "rules",
    )
    assert (events[0].evidence.start, events[0].evidence.end) == (10, 10 + len(SENTENCE))
    assert events[0].details.model_dump(exclude_none=True) == {"clause": "£20m release clause"}


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        (_claim(kind="transfer_rumour"), "kind"),
        (_claim(certainty="sure"), "certainty"),
        (_claim(evidence_text="Not in the article."), "evidence"),
    ],
)
def test_a_claim_breaking_the_contract_is_an_engine_error(
    claim: ExtractedClaim, reason: str
) -> None:
    with pytest.raises(EngineOutputError, match=reason):
        to_events(_article(), [claim], "rules")


# extract_claims


def test_extract_claims_runs_the_given_extractor() -> None:
    fake = FakeExtractor([_claim()])
    events = extract_claims(_article(), fake)
    assert [e.kind for e in events] == ["transfer_completed"]
    assert events[0].extractor == "fake"
    assert fake.seen == [to_input(_article())]


def test_extract_claims_defaults_to_the_rules_engine() -> None:
    events = extract_claims(_article())
    assert ("declan-rice", "transfer_completed", "Arsenal") in {
        (e.player_id, e.kind, e.club) for e in events
    }


def test_the_rules_engine_keeps_the_contract_on_the_whole_dev_corpus() -> None:
    files = sorted(CORPUS_DIR.glob("*.json"))
    if not files:
        pytest.skip(f"dev corpus not available at {CORPUS_DIR}")
    total = 0
    for path in files:
        article = article_from_json(json.loads(path.read_text()))
        events = extract_claims(article)  # raises EngineOutputError on a breach
        for event in events:
            assert article.text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert len({e.id for e in events}) == len(events)
        total += len(events)
    assert total > 0
