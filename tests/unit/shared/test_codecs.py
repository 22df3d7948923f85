from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.codecs import PoisonMessage, cloudevent_headers, decode, encode
from shared.events import Article


def _article() -> Article:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    return Article(id="a1", published=now, ingested_at=now, text="Salah signs.")


def test_round_trip() -> None:
    article = _article()
    assert decode(Article, encode(article)) == article


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "invalid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"schema_version": 9}', "schema_version: expected 1, got 9"),
        (b'{"schema_version": 1, "id": "x"}', "published: Field required"),
        (b"\xff\xfe", "invalid JSON"),
    ],
)
def test_poison_messages_name_their_problem(raw: bytes, reason: str) -> None:
    with pytest.raises(PoisonMessage, match=reason):
        decode(Article, raw)


def test_cloudevent_headers_carry_required_attributes() -> None:
    headers = cloudevent_headers(id="x", type="io.touchline.article.v1", source="ingest")
    assert {"ce_id", "ce_type", "ce_source", "ce_time", "ce_specversion"} <= headers.keys()
    assert headers["ce_specversion"] == "1.0"
