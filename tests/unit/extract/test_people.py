from __future__ import annotations

from services.extract.engine.normal import fold
from services.extract.engine.people import find_people
from services.extract.engine.resources import FallbackRegistry


def _people(text: str) -> list[tuple[str, str, bool]]:
    found = find_people(text, fold(text), [], FallbackRegistry())
    for p in found:
        assert text[p.start : p.end] == p.surface
    return [(p.surface, p.name, p.is_player) for p in found]


def test_particles_and_hyphens() -> None:
    got = _people("Virgil van Dijk and Trent Alexander-Arnold talked to Kevin De Bruyne.")
    names = [g[1] for g in got]
    assert names == ["Virgil van Dijk", "Trent Alexander-Arnold", "Kevin De Bruyne"]


def test_leading_particle_and_surname_resolve_to_full_name() -> None:
    got = _people("Virgil van Dijk is happy. Everything points to life sans van Dijk. Dijk.")
    assert got[1][1] == "Virgil van Dijk"


def test_surname_alone_is_the_full_name() -> None:
    got = _people("Liverpool signed Florian Wirtz. Wirtz is delighted.")
    assert [g[1] for g in got] == ["Florian Wirtz", "Florian Wirtz"]


def test_possessive_is_not_part_of_the_name() -> None:
    got = _people("Mohamed Salah’s new deal is done.")
    assert got[0][0] == "Mohamed Salah"


def test_non_name_capitalised_words_are_skipped() -> None:
    got = _people("However, the Premier League and Champions League resume in January.")
    assert got == []


def test_managers_agents_journalists_are_not_players() -> None:
    text = (
        "Liverpool manager Arne Slot spoke. Chiesa's agent, Fali Ramadani, travelled. "
        "Journalist Fabrizio Romano reported it. Fernando Carro, Bayer Leverkusen's "
        "director, said no."
    )
    got = {g[1]: g[2] for g in _people(text)}
    assert got["Arne Slot"] is False
    assert got["Fali Ramadani"] is False
    assert got["Fabrizio Romano"] is False
    assert got["Fernando Carro"] is False


def test_curly_apostrophes_in_names() -> None:
    got = _people("N’Golo Kante and N'Golo Kante left.")
    assert len(got) == 2


def test_all_caps_headline_words_are_not_names() -> None:
    assert _people("DAILY MIRROR") == []


def test_passing_mention_is_not_a_player_here() -> None:
    got = _people("He will join up with international team mate Jude Bellingham.")
    assert got and got[0][2] is False
