from __future__ import annotations

from engine_helpers import facts

from services.extract.engine.coref import resolve_references, salient_player
from services.extract.engine.normal import fold
from services.extract.engine.people import find_people
from services.extract.engine.resources import FallbackRegistry


def _refs(text: str) -> list[tuple[str, str]]:
    folded = fold(text)
    people = find_people(text, folded, [], FallbackRegistry())
    starts = [p.start for p in people]
    return [
        (text[r.start : r.end], r.player)
        for r in resolve_references(folded, 0, len(text), people, starts)
    ]


def test_pronoun_resolves_to_last_player() -> None:
    assert ("He", "Virgil van Dijk") in _refs("Virgil van Dijk is 33. He wants to stay.")


def test_descriptions_resolve() -> None:
    text = (
        "Virgil van Dijk is 33. The 33-year-old is the club captain. The Dutchman is "
        "happy. The central defender waits. The Netherlands international smiles."
    )
    got = _refs(text)
    surfaces = {s.lower() for s, p in got if p == "Virgil van Dijk"}
    assert {
        "the 33-year-old",
        "the club captain",
        "the dutchman",
        "the central defender",
        "the netherlands international",
    } <= surfaces


def test_salience_prefers_the_player_the_story_is_about() -> None:
    text = (
        "Trent Alexander-Arnold is wanted. Trent Alexander-Arnold is happy. Liverpool "
        "could replace him with Jeremie Frimpong. The 26-year-old will decide."
    )
    folded = fold(text)
    people = find_people(text, folded, [], FallbackRegistry())
    starts = [p.start for p in people]
    assert salient_player(text.index("The 26"), people, starts) == "Trent Alexander-Arnold"


def test_description_carries_the_claim() -> None:
    text = (
        "Liverpool captain Virgil van Dijk has been linked with Al-Hilal. However, the "
        "central defender is close to an agreement, according to sources."
    )
    assert ("Dijk", "contract_agreement_near", "Liverpool", "affirmed") in facts(text)
