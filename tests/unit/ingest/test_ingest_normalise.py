"""The pure validation and normalisation path: every kind of input and its reason."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.ingest.normalise import (
    Limits,
    Rejection,
    clean_text,
    dedup_key,
    html_document,
    ignored_fields,
    normalise,
    normalise_bytes,
    parse_published,
)
from shared.events import Article
from shared.ids import article_id

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def ok(data: Mapping[str, object], **kw: object) -> Article:
    result = normalise(data, now=NOW, **kw)  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


def rejected(data: Mapping[str, object] | bytes, **kw: object) -> Rejection:
    if isinstance(data, bytes):
        result = normalise_bytes(data, now=NOW, **kw)  # type: ignore[arg-type]
    else:
        result = normalise(data, now=NOW, **kw)  # type: ignore[arg-type]
    assert isinstance(result, Rejection), result
    return result


def test_a_full_article_is_normalised() -> None:
    article = ok(
        {
            "text": "Salah  signs\r\na new deal.\n\n\n\nLiverpool  confirm.",
            "url": "http://www.example.com/news/salah/?utm_source=x#top",
            "title": "  Salah <b>signs</b> ",
            "outlet": "Example",
            "author": "Jo  Smith",
            "published": "2025-05-31T10:00:00+02:00",
            "language": "EN_gb",
        },
        via="http",
    )
    assert article.text == "Salah signs\na new deal.\n\nLiverpool confirm."
    assert article.canonical_url == "https://example.com/news/salah"
    assert article.id == article_id(url=article.url, text=article.text)
    assert article.title == "Salah signs"
    assert article.author == "Jo Smith"
    assert article.published == datetime(2025, 5, 31, 8, 0, tzinfo=UTC)
    assert not article.published_inferred
    assert article.language == "en-gb"
    assert article.via == "http"
    assert article.ingested_at == NOW


def test_missing_published_is_the_time_of_ingest_and_flagged() -> None:
    article = ok({"text": "Salah signs."})
    assert article.published == NOW
    assert article.published_inferred


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-09", datetime(2025, 2, 9, tzinfo=UTC)),
        ("2025-02-09T10:11:12", datetime(2025, 2, 9, 10, 11, 12, tzinfo=UTC)),
        ("2025-02-09T10:11:12Z", datetime(2025, 2, 9, 10, 11, 12, tzinfo=UTC)),
        ("20250209T101112Z", datetime(2025, 2, 9, 10, 11, 12, tzinfo=UTC)),
        (
            "Sun, 09 Feb 2025 10:11:12 +0100",
            datetime(2025, 2, 9, 10, 11, 12, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Sun, 09 Feb 2025 10:11:12 GMT", datetime(2025, 2, 9, 10, 11, 12, tzinfo=UTC)),
    ],
)
def test_published_accepts_iso_8601_and_rfc_2822(value: str, expected: datetime) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "  \n\t "}, "text", "empty"),
        ({"text": "<p> </p><br/><div></div>"}, "text", "empty after cleaning"),
        ({"title": "no text"}, "text", "required field is missing"),
        ({"text": 42}, "text", "expected a string, got number"),
        ({"text": ["a"]}, "text", "expected a string, got array"),
        ({"text": "ok", "title": 7}, "title", "expected a string"),
        ({"text": "ok", "published": "yesterday"}, "published", "not an ISO 8601 or RFC 2822"),
        ({"text": "ok", "published": 1700000000}, "published", "expected a string"),
        ({"text": "ok", "published": "2999-01-01"}, "published", "in the future"),
        ({"text": "ok", "url": "not a url"}, "url", "not an absolute http(s) URL"),
        ({"text": "ok", "url": "ftp://x.com/a"}, "url", "not an absolute http(s) URL"),
        ({"text": "ok", "url": "https://x.com/a\x00b"}, "url", "not an absolute http(s) URL"),
        ({"text": "ok", "language": "English please"}, "language", "not a language tag"),
        ({"text": "ok", "title": "x" * 3000}, "title", "too long"),
    ],
)
def test_each_bad_field_is_named_with_its_reason(
    data: dict[str, object], field: str, fragment: str
) -> None:
    rejection = rejected(data)
    assert rejection.field == field
    assert fragment in rejection.reason


def test_text_over_the_maximum_is_rejected() -> None:
    rejection = rejected({"text": "word " * 100}, limits=Limits(max_article_bytes=50))
    assert rejection.field == "text"
    assert "too long" in rejection.reason


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"", "empty message"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b"[1, 2]", "expected a JSON object, got array"),
        (b'"text"', "expected a JSON object, got string"),
    ],
)
def test_raw_messages_that_are_not_an_object_are_rejected(raw: bytes, fragment: str) -> None:
    rejection = rejected(raw)
    assert rejection.field == "article"
    assert fragment in rejection.reason


def test_a_message_over_the_size_limit_is_rejected_before_parsing() -> None:
    rejection = rejected(b'{"text": "' + b"a" * 100 + b'"}', limits=Limits(max_article_bytes=50))
    assert (rejection.field, rejection.reason.split(":")[0]) == ("article", "too large")


def test_unknown_fields_are_ignored_and_listed() -> None:
    data = {"text": "Salah signs.", "id": "dev-1", "claims": []}
    assert ok(data).text == "Salah signs."
    assert ignored_fields(data) == ["claims", "id"]


def test_html_is_reduced_to_its_main_text() -> None:
    page = (
        "<html><head><title>Deal</title><script>var x = 1;</script></head><body>"
        "<nav>Home | News | Login</nav><article><h1>Salah signs</h1>"
        + "<p>Mohamed Salah has signed a new two-year contract with Liverpool.</p>" * 4
        + "</article><footer>Cookie policy</footer></body></html>"
    )
    article = ok({"text": page})
    assert "Mohamed Salah has signed a new two-year contract" in article.text
    assert "var x" not in article.text
    assert "<" not in article.text


def test_a_short_html_fragment_falls_back_to_a_tag_strip() -> None:
    article = ok({"text": "<p>Salah &amp; Van Dijk sign.</p><p>Trent leaves.</p>"})
    assert article.text == "Salah & Van Dijk sign.\n\nTrent leaves."


def test_unicode_is_nfc_without_changing_the_words() -> None:
    decomposed = "Mbappe\u0301 joins Real Madrid\u200b."
    assert clean_text(decomposed) == "Mbappé joins Real Madrid."


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200))
def test_cleaning_is_idempotent_and_keeps_the_words(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    # Only whitespace, invisible and control characters change; the words stay in order.
    visible = re.sub(
        r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", " ", unicodedata.normalize("NFC", text)
    )
    visible = re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", visible)
    assert once.split() == visible.split()


def test_the_dedup_key_ignores_tracking_parameters_and_fragments() -> None:
    a = ok({"text": "one", "url": "https://example.com/a?utm_campaign=x&id=3#frag"})
    b = ok({"text": "two", "url": "https://www.example.com/a?id=3"})
    assert dedup_key(a) == dedup_key(b)
    assert a.id == b.id


def test_without_a_url_the_dedup_key_is_the_normalised_text() -> None:
    a = ok({"text": "Salah  signs a NEW deal."})
    b = ok({"text": "salah signs a new deal."})
    assert dedup_key(a) == dedup_key(b)
    assert dedup_key(a).startswith("text:")


def test_an_html_document_carries_its_metadata() -> None:
    page = (
        '<html><head><title>Salah signs</title><meta name="author" content="Jo Smith">'
        '<link rel="canonical" href="https://example.com/salah"></head>'
        "<body><p>Salah signs.</p></body></html>"
    )
    document = html_document(page)
    assert document["title"] == "Salah signs"
    assert document["author"] == "Jo Smith"
    assert document["url"] == "https://example.com/salah"
    assert document["text"] == page


def test_an_unknown_schema_version_is_rejected_and_a_missing_one_accepted() -> None:
    from datetime import UTC, datetime

    from services.ingest.normalise import Rejection, normalise

    now = datetime(2025, 1, 1, tzinfo=UTC)
    rejected = normalise({"schema_version": 99, "text": "Salah signs."}, now=now)
    assert isinstance(rejected, Rejection) and rejected.field == "schema_version"
    assert not isinstance(
        normalise({"schema_version": 1, "text": "Salah signs."}, now=now), Rejection
    )
    assert not isinstance(normalise({"text": "Salah signs."}, now=now), Rejection)
