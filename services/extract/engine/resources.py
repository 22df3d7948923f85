"""Access to the club gazetteer and the player registry, whoever provides them.

The engine codes against the interfaces of `clubs.py` and `players_registry.py`. When
those modules are absent (or fail to load), a small built-in stand-in keeps the engine
working; it knows only a handful of clubs and no players.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from services.extract.engine.normal import fold


class ClubMentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def club(self) -> str: ...
    @property
    def candidates(self) -> tuple[str, ...]: ...
    @property
    def form(self) -> str: ...


class GazetteerLike(Protocol):
    def find(self, text: str) -> list[Any]: ...
    def canonical(self, name: str) -> str | None: ...
    def normalise(self, name: str) -> str: ...
    def country(self, club: str) -> str | None: ...


class KnownPlayerLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def position(self) -> str | None: ...
    @property
    def nationality(self) -> str | None: ...
    @property
    def club(self) -> str | None: ...


class RegistryLike(Protocol):
    def lookup(self, name: str) -> Any: ...
    def by_surname(self, surname: str) -> list[Any]: ...
    def find(self, text: str) -> list[tuple[int, int, Any]]: ...
    def is_known_non_player(self, name: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    surface: str
    club: str
    candidates: tuple[str, ...]
    form: str


# Stand-in gazetteer: canonical name -> (country, surface forms). Deliberately small.
_FALLBACK_CLUBS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Arsenal": ("England", ("Arsenal", "the Gunners", "Gunners")),
    "Aston Villa": ("England", ("Aston Villa", "Villa")),
    "Bournemouth": ("England", ("Bournemouth", "AFC Bournemouth", "the Cherries")),
    "Brentford": ("England", ("Brentford",)),
    "Brighton & Hove Albion": ("England", ("Brighton & Hove Albion", "Brighton")),
    "Chelsea": ("England", ("Chelsea", "the Blues")),
    "Crystal Palace": ("England", ("Crystal Palace", "Palace")),
    "Everton": ("England", ("Everton", "the Toffees")),
    "Fulham": ("England", ("Fulham",)),
    "Ipswich Town": ("England", ("Ipswich Town", "Ipswich")),
    "Leeds United": ("England", ("Leeds United", "Leeds")),
    "Leicester City": ("England", ("Leicester City", "Leicester")),
    "Liverpool": ("England", ("Liverpool", "the Reds", "Anfield")),
    "Manchester City": ("England", ("Manchester City", "Man City", "City")),
    "Manchester United": (
        "England",
        ("Manchester United", "Man Utd", "Man United", "United", "the Red Devils"),
    ),
    "Newcastle United": ("England", ("Newcastle United", "Newcastle", "the Magpies")),
    "Nottingham Forest": ("England", ("Nottingham Forest", "Forest")),
    "Southampton": ("England", ("Southampton",)),
    "Sunderland": ("England", ("Sunderland",)),
    "Tottenham Hotspur": ("England", ("Tottenham Hotspur", "Tottenham", "Spurs")),
    "West Ham United": ("England", ("West Ham United", "West Ham")),
    "Wolverhampton Wanderers": ("England", ("Wolverhampton Wanderers", "Wolves")),
    "Millwall": ("England", ("Millwall",)),
    "Celtic": ("Scotland", ("Celtic",)),
    "Rangers": ("Scotland", ("Rangers",)),
    "Real Madrid": ("Spain", ("Real Madrid", "Madrid", "Real", "Los Blancos")),
    "Barcelona": ("Spain", ("Barcelona", "FC Barcelona", "Barca", "Barça")),
    "Atletico Madrid": ("Spain", ("Atletico Madrid", "Atlético Madrid", "Atletico")),
    "Real Sociedad": ("Spain", ("Real Sociedad",)),
    "Real Betis": ("Spain", ("Real Betis", "Betis")),
    "Bayern Munich": ("Germany", ("Bayern Munich", "Bayern", "FC Bayern")),
    "Borussia Dortmund": ("Germany", ("Borussia Dortmund", "Dortmund", "BVB")),
    "Bayer Leverkusen": ("Germany", ("Bayer Leverkusen", "Leverkusen")),
    "RB Leipzig": ("Germany", ("RB Leipzig", "Leipzig")),
    "Juventus": ("Italy", ("Juventus", "Juve")),
    "AC Milan": ("Italy", ("AC Milan", "Milan")),
    "Inter Milan": ("Italy", ("Inter Milan", "Internazionale", "Inter")),
    "Napoli": ("Italy", ("Napoli",)),
    "Atalanta": ("Italy", ("Atalanta",)),
    "Roma": ("Italy", ("Roma", "AS Roma")),
    "Paris Saint-Germain": ("France", ("Paris Saint-Germain", "Paris St Germain", "PSG")),
    "Marseille": ("France", ("Marseille", "Olympique de Marseille")),
    "Lyon": ("France", ("Lyon", "Olympique Lyonnais")),
    "Monaco": ("France", ("Monaco", "AS Monaco")),
    "Rennes": ("France", ("Rennes",)),
    "Toulouse": ("France", ("Toulouse",)),
    "Benfica": ("Portugal", ("Benfica",)),
    "Porto": ("Portugal", ("Porto",)),
    "Ajax": ("Netherlands", ("Ajax",)),
    "Galatasaray": ("Turkey", ("Galatasaray",)),
    "Fenerbahce": ("Turkey", ("Fenerbahce", "Fenerbahçe")),
    "Al-Hilal": ("Saudi Arabia", ("Al-Hilal", "Al Hilal")),
    "Al-Nassr": ("Saudi Arabia", ("Al-Nassr", "Al Nassr")),
    "Al-Ittihad": ("Saudi Arabia", ("Al-Ittihad",)),
    "Al-Ahli": ("Saudi Arabia", ("Al-Ahli",)),
    "Vancouver Whitecaps": ("Canada", ("Vancouver Whitecaps", "Whitecaps")),
    "Los Angeles FC": ("USA", ("Los Angeles FC", "LAFC")),
}


class FallbackGazetteer:
    """Whole-word, case-sensitive match of a few surface forms; longest first."""

    def __init__(self) -> None:
        self._by_surface: dict[str, str] = {}
        self._country: dict[str, str] = {}
        for club, (country, forms) in _FALLBACK_CLUBS.items():
            self._country[club] = country
            for form in forms:
                self._by_surface[form] = club
        alternation = "|".join(
            re.escape(s) for s in sorted(self._by_surface, key=len, reverse=True)
        )
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
        self._folded = {fold(k): v for k, v in self._by_surface.items()}
        self._folded.update({fold(c): c for c in _FALLBACK_CLUBS})

    def find(self, text: str) -> list[_Mention]:
        out: list[_Mention] = []
        for m in self._pattern.finditer(text):
            club = self._by_surface[m.group()]
            form = "name" if m.group() == club else "alias"
            if m.group().startswith("the "):
                form = "nickname"
            out.append(_Mention(m.start(), m.end(), m.group(), club, (club,), form))
        return out

    def canonical(self, name: str) -> str | None:
        return self._folded.get(fold(name.strip()))

    def normalise(self, name: str) -> str:
        return self.canonical(name) or name.strip()

    def country(self, club: str) -> str | None:
        return self._country.get(club)


class FallbackRegistry:
    """Knows nobody: every name is taken as written."""

    def lookup(self, name: str) -> Any:
        return None

    def by_surname(self, surname: str) -> list[Any]:
        return []

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        return []

    def is_known_non_player(self, name: str) -> bool:
        return False


def _forced_fallback() -> bool:
    # For engine development against a fixed, known stand-in.
    return os.environ.get("TOUCHLINE_ENGINE_FALLBACK_RESOURCES") == "1"


@functools.cache
def gazetteer() -> GazetteerLike:
    if _forced_fallback():
        return FallbackGazetteer()
    try:
        from services.extract.engine.clubs import ClubGazetteer

        return ClubGazetteer.default()
    except Exception:  # the stand-in keeps the engine usable without the real gazetteer
        return FallbackGazetteer()


_registry_override: list[RegistryLike] = []


@contextlib.contextmanager
def registry_in_use(replacement: RegistryLike) -> Iterator[None]:
    """Run the engine with another player registry (evaluation on players it does not
    know); the usual one is back afterwards."""
    _registry_override.append(replacement)
    try:
        yield
    finally:
        _registry_override.pop()


def registry() -> RegistryLike:
    return _registry_override[-1] if _registry_override else _bundled_registry()


@functools.cache
def _bundled_registry() -> RegistryLike:
    if _forced_fallback():
        return FallbackRegistry()
    try:
        from services.extract.engine.players_registry import PlayerRegistry

        return PlayerRegistry.default()
    except Exception:
        return FallbackRegistry()
