from __future__ import annotations

from services.extract.engine.sentences import MAX_SENTENCE, split_clauses, split_sentences


def _texts(text: str) -> list[str]:
    spans = split_sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.text
    return [s.text for s in spans]


def test_offsets_slice_to_sentence_text() -> None:
    text = "Salah signs.  He is happy!\n\nVan Dijk waits? Yes."
    assert _texts(text) == ["Salah signs.", "He is happy!", "Van Dijk waits?", "Yes."]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "Mr. Smith left Man. Utd for St. Etienne. Dr. No agreed."
    assert _texts(text) == ["Mr. Smith left Man. Utd for St. Etienne.", "Dr. No agreed."]


def test_decimals_and_initials_stay_inside() -> None:
    text = "Arsenal bid £80.5m for J. Timber on Monday. Ajax said no."
    assert _texts(text) == ["Arsenal bid £80.5m for J. Timber on Monday.", "Ajax said no."]


def test_quotes_close_a_sentence() -> None:
    text = '"I am staying." Then he left.'
    assert _texts(text) == ['"I am staying."', "Then he left."]


def test_paragraph_breaks_split_headlines() -> None:
    assert _texts("DAILY MIRROR\nArsenal want Watkins.") == [
        "DAILY MIRROR",
        "Arsenal want Watkins.",
    ]


def test_lowercase_continuation_is_not_a_new_sentence() -> None:
    assert _texts("He signed for Spurs. and then left.") == ["He signed for Spurs. and then left."]


def test_huge_sentence_is_cut_into_bounded_windows() -> None:
    text = "word " * 2000
    spans = split_sentences(text)
    assert spans and all(len(s.text) <= MAX_SENTENCE for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_clauses_keep_offsets() -> None:
    text = "Leeds rejected the offer, but Spurs opened talks; Gray wants Spurs."
    sent = split_sentences(text)[0]
    clauses = split_clauses(sent)
    assert len(clauses) >= 3
    for c in clauses:
        assert text[c.start : c.end] == c.text
