"""The poison records of the chaos suite: each one poison, each findable again."""

from __future__ import annotations

import orjson
import pytest

from chaos.poison import BIG_BYTES, poison_for
from services.ingest.normalise import Rejection, normalise_bytes
from shared.codecs import PoisonMessage, decode
from shared.events import Article, Claim
from shared.topics import Topics

TOPICS = Topics("p.articles.inbox", "p.articles", "p.claims", "p.status")


def test_five_cases_on_each_input_topic_with_keys_of_their_own() -> None:
    items = poison_for(TOPICS)
    assert len(items) == 15
    assert len({i.key for i in items}) == 15
    for topic in (TOPICS.inbox, TOPICS.articles, TOPICS.claims):
        assert {i.case for i in items if i.topic == topic} == {
            "invalid-json",
            "wrong-schema-version",
            "missing-fields",
            "10mb",
            "invalid-utf8",
        }


def test_the_big_one_is_ten_megabytes() -> None:
    big = [i for i in poison_for(TOPICS) if i.case == "10mb"]
    assert all(len(i.value) >= BIG_BYTES for i in big)


def test_the_invalid_utf8_one_is_not_utf8() -> None:
    for item in poison_for(TOPICS):
        if item.case == "invalid-utf8":
            with pytest.raises(UnicodeDecodeError):
                item.value.decode("utf-8")


@pytest.mark.parametrize("model", [Article, Claim])
def test_every_article_and_claim_poison_fails_to_decode(model: type[Article | Claim]) -> None:
    topic = TOPICS.articles if model is Article else TOPICS.claims
    for item in poison_for(TOPICS):
        if item.topic == topic:
            with pytest.raises(PoisonMessage):
                decode(model, item.value)


def test_inbox_poison_other_than_the_schema_version_is_rejected_by_ingest() -> None:
    from datetime import UTC, datetime

    from services.ingest.normalise import DEFAULT_LIMITS

    now = datetime.now(UTC)
    for item in poison_for(TOPICS):
        if item.topic == TOPICS.inbox and item.case != "wrong-schema-version":
            result = normalise_bytes(item.value, now=now, via="inbox", limits=DEFAULT_LIMITS)
            assert isinstance(result, Rejection), item.case
    wrong = next(i for i in poison_for(TOPICS) if i.topic == TOPICS.inbox and "schema" in i.case)
    assert orjson.loads(wrong.value)["schema_version"] == 99
