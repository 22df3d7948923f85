"""The player registry: data integrity, lookups, matching, non-players."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.engine.clubs import ClubGazetteer
from services.extract.engine.players_registry import (
    DATA_FILE,
    KnownPlayer,
    PlayerRegistry,
    position_group,
)


@pytest.fixture(scope="module")
def reg() -> PlayerRegistry:
    return PlayerRegistry.default()


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = yaml.safe_load(fh)
    return loaded


def names(reg: PlayerRegistry, text: str) -> list[tuple[str, str]]:
    return [(text[s:e], p.name) for s, e, p in reg.find(text)]


# ----------------------------------------------------------------------------- lookups


def test_lookup_full_names_and_aliases(reg: PlayerRegistry) -> None:
    salah = reg.lookup("Mo Salah")
    assert salah is not None
    assert salah.name == "Mohamed Salah"
    assert salah.club == "Liverpool"
    assert salah.nationality == "Egypt"
    assert salah.born == 1992
    vini = reg.lookup("Vinícius Júnior")
    assert vini is not None and vini.name == "Vinicius Junior"
    assert reg.lookup("vini jr") is vini
    trent = reg.lookup("trent alexander arnold")
    assert trent is not None and trent.name == "Trent Alexander-Arnold"
    assert reg.lookup("TAA") is trent
    assert reg.lookup("N’Golo Kanté") is reg.lookup("N'Golo Kante")
    assert reg.lookup("Rodrygo") is not None
    assert reg.lookup("Salah") is None  # bare surnames are by_surname's job
    assert reg.lookup("Nobody Atall") is None


def test_by_surname(reg: PlayerRegistry) -> None:
    assert [p.name for p in reg.by_surname("Salah")] == ["Mohamed Salah"]
    assert [p.name for p in reg.by_surname("van Dijk")] == ["Virgil van Dijk"]
    assert [p.name for p in reg.by_surname("Van Dijk")] == ["Virgil van Dijk"]
    assert [p.name for p in reg.by_surname("Alexander-Arnold")] == ["Trent Alexander-Arnold"]
    assert [p.name for p in reg.by_surname("Vinicius")] == ["Vinicius Junior"]
    assert [p.name for p in reg.by_surname("Son")] == ["Son Heung-min"]
    assert [p.name for p in reg.by_surname("Rodrygo")] == ["Rodrygo"]
    martinez = {p.name for p in reg.by_surname("Martinez")}
    assert {"Lautaro Martinez", "Emiliano Martinez", "Lisandro Martinez"} <= martinez
    assert reg.by_surname("Dijk") == []  # a particle precedes it
    assert reg.by_surname("Zzzz") == []


def test_find(reg: PlayerRegistry) -> None:
    text = (
        "Mo Salah, Trent Alexander Arnold and VIRGIL VAN DIJK met Vinícius Júnior and "
        "N’Golo Kanté; virgil van dijk in lower case is no name."
    )
    assert names(reg, text) == [
        ("Mo Salah", "Mohamed Salah"),
        ("Trent Alexander Arnold", "Trent Alexander-Arnold"),
        ("VIRGIL VAN DIJK", "Virgil van Dijk"),
        ("Vinícius Júnior", "Vinicius Junior"),
        ("N’Golo Kanté", "N'Golo Kante"),
    ]
    # The longest name wins; a one-word name that is another player's surname is left alone.
    assert names(reg, "Diogo Jota scored; Jota too.") == [("Diogo Jota", "Diogo Jota")]
    assert names(reg, "Bukayo Saka's contract") == [("Bukayo Saka", "Bukayo Saka")]
    assert names(reg, "Rasmus Hojlundsen") == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mo",
                "Salah",
                "Trent",
                "Alexander-Arnold",
                "N’Golo",
                "Kanté",
                "İ",
                "ß",
                " ",
                "\n",
                "Vini",
                "Jr",
                "van",
                "Dijk",
                "Virgil",
                "’s",
                "é",
            ]
        )
        | st.text(max_size=3),
        max_size=30,
    ).map(" ".join)
)
def test_find_never_raises_and_offsets_slice(text: str) -> None:
    reg = PlayerRegistry.default()
    last = 0
    for s, e, p in reg.find(text):
        assert 0 <= last <= s < e <= len(text)
        assert isinstance(p, KnownPlayer)
        last = e


def test_non_players(reg: PlayerRegistry) -> None:
    for name in [
        "Fabrizio Romano",
        "David Ornstein",
        "Florian Plettenberg",
        "Ben Jacobs",
        "Gianluca Di Marzio",
        "Matteo Moretto",
        "Sami Mokbel",
        "Simon Stone",
        "Jorge Mendes",
        "Pini Zahavi",
        "Arne Slot",
        "Pep Guardiola",
        "Richard Hughes",
        "Jamie Carragher",
        "José Mourinho",
    ]:
        assert reg.is_known_non_player(name), name
    assert reg.is_known_non_player("Slot")  # a non-player's surname, no player's
    assert not reg.is_known_non_player("Silva")  # Marco Silva, but also Bernardo Silva
    assert not reg.is_known_non_player("Mohamed Salah")
    assert not reg.is_known_non_player("")
    mendes = reg.non_player("Jorge Mendes")
    assert mendes is not None and mendes.role == "agent"


def test_from_entries() -> None:
    reg = PlayerRegistry.from_entries(
        [{"name": "Jan Kowal", "aliases": ["JK"], "position": "winger", "club": "X"}],
        non_players=[{"name": "Ann Agent", "role": "agent"}],
    )
    assert names(reg, "JK and Jan Kowal") == [("JK", "Jan Kowal"), ("Jan Kowal", "Jan Kowal")]
    assert reg.is_known_non_player("Agent")
    assert reg.by_surname("Kowal")[0].name == "Jan Kowal"
    with pytest.raises(ValueError, match="duplicate"):
        PlayerRegistry.from_entries([{"name": "A B"}, {"name": "A B"}])
    empty = PlayerRegistry.from_entries([])
    assert empty.find("anything") == []


# ------------------------------------------------------------------------- data integrity


def test_counts(reg: PlayerRegistry) -> None:
    assert len(reg.players()) >= 400
    assert len(reg.non_players()) >= 100


def test_every_club_and_nationality_exists(reg: PlayerRegistry, data: dict[str, Any]) -> None:
    gaz = ClubGazetteer.default()
    clubs = set(gaz.clubs())
    for p in reg.players():
        assert p.club is None or p.club in clubs, (p.name, p.club)
        assert p.nationality is not None and gaz.nationality(p.nationality) == p.nationality
        assert position_group(p.position) is not None, (p.name, p.position)
        assert p.born is not None and 1980 <= p.born <= 2010, p.name
    for e in data["players"]:
        assert e.get("loan_from") is None or e["loan_from"] in clubs, e["name"]
    for n in data["non_players"]:
        assert n.get("club") is None or n["club"] in clubs, n["name"]


def test_no_form_is_shared_by_two_people(data: dict[str, Any]) -> None:
    reg = PlayerRegistry.default()
    owners: dict[str, str] = {}
    for e in data["players"]:
        for form in [e["name"], *(e.get("aliases") or ())]:
            p = reg.lookup(form)
            assert p is not None and p.name == e["name"], form
            owners[form] = e["name"]
    for n in data["non_players"]:
        for form in [n["name"], *(n.get("aliases") or ())]:
            assert reg.lookup(form) is None, form


def test_position_group() -> None:
    assert position_group("winger") == "forward"
    assert position_group("centre-back") == "defender"
    assert position_group("Goalkeeper") == "goalkeeper"
    assert position_group(None) is None
    assert position_group("libero") is None


# ------------------------------------------------------------------------- holding out


def test_players_can_be_held_out_by_name_or_alias(data: dict[str, Any]) -> None:
    held_out = PlayerRegistry.from_data(data, without=["Mohamed Salah", "VVD"])
    assert held_out.lookup("Mohamed Salah") is None
    assert held_out.lookup("Virgil van Dijk") is None  # left out through his alias
    assert held_out.lookup("Alisson") is not None
    assert len(held_out.players()) == len(data["players"]) - 2


def test_the_engine_uses_a_held_out_registry_only_inside_the_block(
    data: dict[str, Any],
) -> None:
    from services.extract.engine.resources import registry, registry_in_use

    usual = registry()
    held_out = PlayerRegistry.from_data(data, without=["Mohamed Salah"])
    with registry_in_use(held_out):
        assert registry() is held_out
    assert registry() is usual
