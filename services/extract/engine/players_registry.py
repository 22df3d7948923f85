"""Registry of well-known players and of well-known non-players (managers, directors,
agents, journalists, pundits).

Data lives in `services/extract/data/players.yaml` (loaded once). The registry is
optional knowledge: the engine finds unknown players by itself, and uses this to turn
"Mo Salah" or "Vini Jr" into the canonical name, to resolve a bare surname, and to tell
that "Fabrizio Romano" or "Arne Slot" has no claims of his own.

`find` runs one Aho-Corasick automaton over full names and aliases (not bare
surnames: the engine handles those), on the same folded key as the club gazetteer, so
"N’Golo Kanté" and "Alexander Arnold" match. Every capital of the name as written must
be a capital in the text ("the trent" does not match "Trent"); all caps match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick_rs
import yaml

from services.extract.engine.textfold import case_matches, match_key, phrase_key, text_key

__all__ = ["KnownNonPlayer", "KnownPlayer", "PlayerRegistry", "position_group"]

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "players.yaml"

# Fine positions of the data and the broad group each belongs to.
_POSITION_GROUPS: dict[str, str] = {
    "goalkeeper": "goalkeeper",
    "defender": "defender",
    "centre-back": "defender",
    "full-back": "defender",
    "right-back": "defender",
    "left-back": "defender",
    "wing-back": "defender",
    "midfielder": "midfielder",
    "defensive midfielder": "midfielder",
    "central midfielder": "midfielder",
    "attacking midfielder": "midfielder",
    "forward": "forward",
    "winger": "forward",
    "striker": "forward",
    "second striker": "forward",
}


def position_group(position: str | None) -> str | None:
    """goalkeeper / defender / midfielder / forward for a fine position ("winger")."""
    if position is None:
        return None
    return _POSITION_GROUPS.get(position.lower())


@dataclass(frozen=True, slots=True)
class KnownPlayer:
    name: str
    aliases: tuple[str, ...]
    position: str | None
    nationality: str | None
    born: int | None
    club: str | None


@dataclass(frozen=True, slots=True)
class KnownNonPlayer:
    name: str
    role: str  # manager, head coach, sporting director, executive, owner, agent, ...
    club: str | None
    aliases: tuple[str, ...]


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


def _player(e: Mapping[str, Any]) -> KnownPlayer:
    born = e.get("born")
    return KnownPlayer(
        name=str(e["name"]),
        aliases=tuple(str(a) for a in e.get("aliases") or ()),
        position=_opt_str(e.get("position")),
        nationality=_opt_str(e.get("nationality")),
        born=int(born) if born is not None else None,
        club=_opt_str(e.get("club")),
    )


# Lower-case name particles: "van Dijk" is a surname, "Dijk" alone is not.
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "del",
        "della",
        "der",
        "den",
        "ter",
        "te",
        "le",
        "la",
        "lo",
        "el",
        "al",
        "mac",
        "st",
    }
)


def _surnames(e: Mapping[str, Any]) -> list[str]:
    """Bare forms the press uses alone: explicit `surnames`, else everything after the
    first name ("van Dijk", "Alexander-Arnold") and, unless a particle precedes it, the
    last word; a mononym is its own surname."""
    explicit = e.get("surnames")
    if explicit:
        return [str(s) for s in explicit]
    words = str(e["name"]).split()
    if len(words) == 1:
        return words
    forms = [" ".join(words[1:])]
    if words[-2].lower() not in _PARTICLES:
        forms.append(words[-1])
    return list(dict.fromkeys(forms))


class PlayerRegistry:
    def __init__(
        self,
        players: Iterable[KnownPlayer],
        surnames: Mapping[str, list[str]],
        non_players: Iterable[KnownNonPlayer],
    ) -> None:
        self._players: list[KnownPlayer] = list(players)
        self._by_surname: dict[str, list[KnownPlayer]] = {}
        by_player = {p.name: p for p in self._players}
        for name, forms in surnames.items():
            for s in forms:
                lst = self._by_surname.setdefault(phrase_key(s), [])
                if by_player[name] not in lst:
                    lst.append(by_player[name])
        self._by_name: dict[str, KnownPlayer] = {}
        templates: list[str] = []
        owners: list[KnownPlayer] = []
        keys: list[bytes] = []
        seen: set[bytes] = set()
        for p in self._players:
            for form in (p.name, *p.aliases):
                skey = phrase_key(form)
                self._by_name.setdefault(skey, p)
                if " " not in skey and any(o is not p for o in self._by_surname.get(skey, ())):
                    continue  # "Jota" alone may be Diogo Jota's surname: leave it to the engine
                key = match_key(form).strip()
                if key and key not in seen:  # first player listed wins a shared form
                    seen.add(key)
                    keys.append(key)
                    templates.append(form.strip())
                    owners.append(p)
        self._templates = templates
        self._owners = owners
        self._ac = ahocorasick_rs.BytesAhoCorasick(
            [b" " + k for k in keys] or [b" \x00"],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        )
        self._non_players: dict[str, KnownNonPlayer] = {}
        self._non_player_surnames: set[str] = set()
        for np_ in non_players:
            for form in (np_.name, *np_.aliases):
                self._non_players.setdefault(phrase_key(form), np_)
            words = np_.name.split()
            if len(words) > 1:
                self._non_player_surnames.add(phrase_key(" ".join(words[1:])))
                self._non_player_surnames.add(phrase_key(words[-1]))

    # ----------------------------------------------------------------- construction

    @classmethod
    def default(cls) -> PlayerRegistry:
        """The registry of the bundled players.yaml, built once per process."""
        return _default()

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, without: Iterable[str] = ()) -> PlayerRegistry:
        """The registry of `data`, less the players named (by name or alias) in `without`:
        how the engine does on players it does not know is measured that way."""
        left_out = {text_key(n) for n in without}
        entries = [
            e
            for e in data.get("players") or ()
            if not {text_key(str(n)) for n in (e["name"], *(e.get("aliases") or ()))} & left_out
        ]
        return cls.from_entries(entries, non_players=data.get("non_players") or ())

    @classmethod
    def from_entries(
        cls, entries: list[dict[str, Any]], *, non_players: Iterable[Mapping[str, Any]] = ()
    ) -> PlayerRegistry:
        players: list[KnownPlayer] = []
        surnames: dict[str, list[str]] = {}
        seen: set[str] = set()
        for e in entries:
            p = _player(e)
            if p.name in seen:
                raise ValueError(f"duplicate player {p.name!r}")
            seen.add(p.name)
            players.append(p)
            surnames[p.name] = _surnames(e)
        others = [
            KnownNonPlayer(
                name=str(n["name"]),
                role=str(n.get("role") or "non-player"),
                club=_opt_str(n.get("club")),
                aliases=tuple(str(a) for a in n.get("aliases") or ()),
            )
            for n in non_players
        ]
        return cls(players, surnames, others)

    # ---------------------------------------------------------------------- queries

    def lookup(self, name: str) -> KnownPlayer | None:
        """Full name or alias, case/accent-insensitive: "Mo Salah" -> Mohamed Salah."""
        return self._by_name.get(phrase_key(name))

    def by_surname(self, surname: str) -> list[KnownPlayer]:
        """Players the press may call by this bare name, in registry (priority) order."""
        return list(self._by_surname.get(phrase_key(surname), ()))

    def find(self, text: str) -> list[tuple[int, int, KnownPlayer]]:
        """Full names and aliases in `text`: (start, end, player), sorted, non-overlapping."""
        key = text_key(text)  # sentinel space first: patterns start at a word start
        n = len(key)
        out: list[tuple[int, int, KnownPlayer]] = []
        for idx, s, e in self._ac.find_matches_as_indexes(key):
            if e < n and key[e] != 32:
                continue
            start, end = s, e - 1  # key[i] is text[i - 1]; key[s] is the space before
            if not case_matches(self._templates[idx], text[start:end]):
                continue
            out.append((start, end, self._owners[idx]))
        return out

    def is_known_non_player(self, name: str) -> bool:
        """A manager, director, agent, journalist or pundit. A bare surname counts when
        it is a known non-player's and no known player's ("Slot" yes, "Silva" no)."""
        key = phrase_key(name)
        if not key:
            return False
        if key in self._non_players:
            return True
        if key in self._by_name or key in self._by_surname:
            return False
        return key in self._non_player_surnames

    # Additions beyond the agreed interface.

    def non_player(self, name: str) -> KnownNonPlayer | None:
        return self._non_players.get(phrase_key(name))

    def players(self) -> list[KnownPlayer]:
        return list(self._players)

    def non_players(self) -> list[KnownNonPlayer]:
        return list(dict.fromkeys(self._non_players.values()))


@functools.cache
def bundled_data() -> Mapping[str, Any]:
    """players.yaml as loaded."""
    # libyaml's C loader when present: the pure-Python one takes most of the build time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with DATA_FILE.open(encoding="utf-8") as fh:
        data: Mapping[str, Any] = yaml.load(fh, Loader=loader)  # a safe loader either way
    return data


@functools.cache
def _default() -> PlayerRegistry:
    return PlayerRegistry.from_data(bundled_data())
