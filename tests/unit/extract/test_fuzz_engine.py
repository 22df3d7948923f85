"""Any text at all: the engine never raises, offsets always slice, work is bounded."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.extract.engine.model import ArticleInput
from services.extract.engine.pipeline import MAX_CLAIMS, MAX_TEXT, _extract
from services.extract.engine.sentences import MAX_SENTENCE, split_sentences

_WORDS = st.sampled_from(
    [
        "Liverpool",
        "Arsenal",
        "Real Madrid",
        "Mohamed Salah",
        "Van Dijk",
        "he",
        "the",
        "bid",
        "rejected",
        "signed",
        "new contract",
        "out of contract",
        "not",
        "no",
        "according to sources",
        "here we go",
        "“",
        "”",
        "’s",
        ".",
        ",",
        "\n",
        "£80.5m",
        "Mr.",
        "St.",
        "the 26-year-old",
        "will join",
        "wants to leave",
        "medical",
        "(",
        ")",
        "—",
        "van",
        "de",
        "DAILY MIRROR",
        "\u202e",
        "\x00",
        "İstanbul",
        "ß",
    ]
)
_FOOTBALLISH = st.lists(_WORDS, max_size=120).map(" ".join)
_TEXT = st.one_of(st.text(max_size=3000), _FOOTBALLISH)


def _check(text: str) -> None:
    # _extract, not extract: the catch-all must not be what keeps these green.
    claims = _extract(ArticleInput(text=text, published=dt.date(2025, 1, 1), outlet="X"))
    assert len(claims) <= MAX_CLAIMS
    for c in claims:
        assert text[c.evidence_start : c.evidence_end] == c.evidence_text
        assert c.evidence_end - c.evidence_start <= MAX_SENTENCE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_never_raises_and_offsets_slice(text: str) -> None:
    _check(text)


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=1, max_value=400))
def test_huge_single_sentence(piece: str, times: int) -> None:
    _check(piece * times)


def test_control_characters_and_huge_inputs_are_bounded() -> None:
    big = ("Liverpool have made a bid for Mohamed Salah " * 5000) + "\x00\x1f\u2028" * 100
    _check(big)
    spans = split_sentences(big[:MAX_TEXT])
    assert all(len(s.text) <= MAX_SENTENCE for s in spans)
