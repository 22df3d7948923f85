from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.ids import article_id, canonical_url, claim_id, normalise_text, player_id, slug


def test_canonical_url_strips_tracking_fragment_and_www() -> None:
    a = canonical_url("http://www.Example.com/news/story/?utm_source=x&id=3&fbclid=y#comments")
    assert a == "https://example.com/news/story?id=3"


def test_canonical_url_sorts_query_and_keeps_meaningful_params() -> None:
    assert canonical_url("https://a.com/p?b=2&a=1") == canonical_url("https://a.com/p?a=1&b=2")
    assert canonical_url("https://a.com/p?page=2") != canonical_url("https://a.com/p?page=3")


def test_article_id_same_url_same_id_regardless_of_text() -> None:
    one = article_id(url="https://a.com/x?utm_medium=rss", text="first")
    two = article_id(url="https://a.com/x#top", text="second")
    assert one == two


def test_article_id_without_url_uses_normalised_text() -> None:
    assert article_id(url=None, text="Salah  signs\n") == article_id(url=None, text="salah signs")
    assert article_id(url=None, text="Salah signs") != article_id(url=None, text="Salah stays")


@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)


def test_slug_folds_accents_and_punctuation() -> None:
    assert slug("Trent Alexander-Arnold") == "trent-alexander-arnold"
    assert player_id("Vinícius Júnior") == "vinicius-junior"
    assert slug("!!!") == "unknown"


def test_claim_id_is_deterministic_and_distinguishes_fields() -> None:
    base = {
        "article_id": "a1",
        "kind": "transfer_interest",
        "player": "Mohamed Salah",
        "club": "Al-Hilal",
        "polarity": "affirmed",
    }
    assert claim_id(**base) == claim_id(**base)
    for field, other in [("club", None), ("polarity", "denied"), ("kind", "transfer_approach")]:
        assert claim_id(**{**base, field: other}) != claim_id(**base)
