"""The club gazetteer: every way the press names a club, found in one automaton pass.

Data lives in `services/extract/data/clubs.yaml` (loaded once). Matching runs an
Aho-Corasick automaton (leftmost-longest) over `match_key(text)`: an ASCII copy of the
text, same length, folded case and accents, every non-word character a space. Offsets
therefore map 1:1 onto the original text, and "Al-Hilal"/"Al Hilal", "Liverpool's",
"St James’ Park" all fold to what the patterns expect.

Case rules, checked on the original text after a raw match:

* names, aliases, descriptions: case-insensitive by default ("REAL MADRID" matches);
* `case_sensitive: true` entries ("Wolves", "Roma", "Ajax", "Lens"), and every nickname
  and stadium: each capital letter of the pattern must be a capital in the text. A
  leading article ("the", "Los", "Die", ...) is free: "the Reds" and "The Reds";
* `strict: true` entries, the very ambiguous single words ("United", "City", "Real",
  "Nice", "Inter", "Forest", "Villa", "Palace", "Madrid"...): capitalised but not all caps;
  not glued to a neighbouring capitalised word ("Mexico City", "United States",
  "Nice Airport"), except a possessive before it ("Amorim's United"); and at the start
  of a sentence, where a capital proves nothing, only when a club-like word follows
  ("City have", "Nice's", "United boss") -- "Nice to see", "Real progress" do not match;
  a strict entry may also list `not_followed_by` words ("Sporting director");
* a one-word nickname ("Eagles", "Reds") is not glued to a capitalised word before it
  either ("the Super Eagles forward" is Nigeria, not Crystal Palace).

A phrase can have several candidate clubs ("the Blues", "San Siro", "the Spanish
giants", "the Bundesliga club"): `ClubMention.candidates` lists them in priority order
and the engine picks by context. `role()` tells the generic ones ("league:Bundesliga").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ahocorasick_rs
import yaml

from services.extract.engine.textfold import (
    case_matches,
    fold_text,
    match_key,
    phrase_key,
    text_key,
)

__all__ = ["ClubGazetteer", "ClubMention", "MentionForm", "fold_text"]

MentionForm = Literal["name", "alias", "nickname", "description", "stadium"]
CaseRule = Literal["insensitive", "sensitive", "strict"]

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "clubs.yaml"

# Nouns that turn a descriptor into a club description: "the Anfield {side}".
DEFAULT_SIDE_NOUNS: tuple[str, ...] = (
    "club",
    "side",
    "outfit",
    "team",
    "giants",
    "heavyweights",
    "powerhouse",
    "titans",
    "hierarchy",
    "chiefs",
    "bosses",
    "board",
)
# "{big}" expands to the nouns of size only: "the Spanish {big}" -> "the Spanish giants".
BIG_NOUNS: tuple[str, ...] = ("giants", "heavyweights", "powerhouse", "titans", "behemoths")
# "the reigning Premier League champions", "the new English champions".
_CHAMPION_MODIFIERS: tuple[str, ...] = ("", "reigning ", "defending ", "current ", "new ")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A leading article whose case carries no evidence.
_ARTICLES = frozenset(
    {
        "the",
        "los",
        "las",
        "la",
        "le",
        "les",
        "il",
        "i",
        "die",
        "der",
        "os",
        "as",
        "el",
        "de",
        "o",
        "a",
    }
)
# Capitalised words that may stand right before a strict word without making it part of
# another proper noun ("But City have", "The United boss").
_FUNCTION_WORDS = _wordset("""
the a an and but or nor as at for with from to against over by in on of if when while
after before both neither either although though meanwhile however so yet then now only
even unlike like under whether how why what where which who because since until despite
also with without into onto about beyond behind ahead did does do will would could should
can may might must have has had are is was were ex former
""")
# Words after a sentence-initial strict word that show it is the club ("City have").
_CLUB_FOLLOWERS = _wordset("""
have has had are were was is will would could can may might must should shall did do
does need needs want wants wanted remain remains remained face faces host hosted travel
travelled beat lost lose won win drew sit sits lead led trail signed sign agreed agree
reached made make submitted submit rejected reject accepted accept tabled table lodged
opened open plan plans planned intend intends expect expects believe believes insist
insists confirmed confirm announced announce complete completed finalise finalised seal
sealed land landed target targets targeted eye eyes eyeing launch launched enter entered
join joined consider considered considering identify identified receive received offer
offered bid activate activated trigger triggered pay paid spend spent sell sold move
moved turn turned chase chasing monitor monitoring scout scouted scouting step stepped
secured secure failed fail tried try saw see look looks looking hope hopes feel felt
know knew value valued rate rated responded reacted refused continue continued continues
ended kept keep remain are set close closing keen ready prepared interested also now
still already only then never boss bosses manager head coach legend icon fans
supporters players player star stars striker forward defender midfielder winger
goalkeeper keeper captain youngster director chief chiefs owner owners chairman
president hierarchy board officials squad academy sources insiders
""")
_SENTENCE_OPENERS = frozenset('.!?:;"“”‘([{|•·—–\n\r\t')
_WORD_CHARS = re.compile(r"[\w'’]+")

_FORM_RANK: dict[str, int] = {"name": 0, "alias": 1, "nickname": 2, "stadium": 3, "description": 4}
_CASE_RANK: dict[str, int] = {"insensitive": 0, "sensitive": 1, "strict": 2}


@dataclass(frozen=True, slots=True)
class ClubMention:
    start: int  # char offsets into the text given to find()
    end: int
    surface: str  # text[start:end]
    club: str  # canonical name; for an ambiguous phrase the first candidate
    candidates: tuple[str, ...]  # all candidate canonical names, priority order
    form: MentionForm


@dataclass(frozen=True, slots=True)
class _Club:
    name: str
    country: str | None
    league: str | None
    previous_leagues: tuple[str, ...]  # leagues of earlier seasons we cover (2024-25)
    city: str | None


@dataclass(slots=True)
class _Phrase:
    template: str  # as written in the data: the case rules read its capitals
    form: MentionForm
    candidates: list[str]
    case: CaseRule
    free_prefix: int  # leading characters whose case is free (an article)
    role: str | None
    closed: bool  # explicitly curated candidates: later generated phrases don't add
    # A one-word nickname ("Eagles", "Reds") must not continue a capitalised name.
    glue_check: bool = False
    not_followed_by: frozenset[str] = frozenset()  # strict words: "Sporting director"


def _article_prefix(template: str) -> int:
    first, _, rest = template.partition(" ")
    return len(first) + 1 if rest and first.lower() in _ARTICLES else 0


def _items(raw: Any) -> list[dict[str, Any]]:
    """A list of strings or mappings ({text: ..., case_sensitive: ..., strict: ...})."""
    out: list[dict[str, Any]] = []
    for item in raw or ():
        if isinstance(item, str):
            out.append({"text": item})
        elif isinstance(item, Mapping):
            out.append(dict(item))
        else:
            raise ValueError(f"bad gazetteer item: {item!r}")
    return out


def _case_of(item: Mapping[str, Any], default: CaseRule) -> CaseRule:
    if item.get("strict"):
        return "strict"
    if "case_sensitive" in item:
        return "sensitive" if item["case_sensitive"] else "insensitive"
    return default


def _expand(template: str, side_nouns: Sequence[str]) -> list[str]:
    if "{side}" in template:
        return [template.replace("{side}", noun) for noun in side_nouns]
    if "{big}" in template:
        return [template.replace("{big}", noun) for noun in BIG_NOUNS]
    return [template]


def _variants(text: str) -> list[str]:
    """Spellings the key fold does not unify: apostrophes dropped, "St." vs "St",
    "&" vs "and"."""
    out = [text]

    def add(v: str) -> None:
        if v not in out:
            out.append(v)

    for v in list(out):
        if "'" in v or "’" in v:
            add(v.replace("'", "").replace("’", ""))
    for v in list(out):
        if re.search(r"\bSt\.? ", v):
            add(re.sub(r"\bSt\.? ", "St. ", v))
            add(re.sub(r"\bSt\.? ", "St ", v))
    for v in list(out):
        if " & " in v:
            add(v.replace(" & ", " and "))
    return out


class ClubGazetteer:
    """Clubs by every surface form; see the module docstring for the matching rules."""

    def __init__(
        self,
        clubs: Sequence[_Club],
        phrases: Mapping[bytes, _Phrase],
        nationalities: Mapping[str, str],
        national_teams: Mapping[str, str],
    ) -> None:
        self._clubs: dict[str, _Club] = {c.name: c for c in clubs}
        self._keys: list[bytes] = list(phrases)
        self._phrases: list[_Phrase] = [phrases[k] for k in self._keys]
        self._cands: list[tuple[str, ...]] = [tuple(p.candidates) for p in self._phrases]
        self._ac = ahocorasick_rs.BytesAhoCorasick(
            [b" " + k for k in self._keys],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        )
        # Lookup of names and aliases (ambiguous ones give their first candidate).
        self._canonical: dict[str, str] = {}
        self._role: dict[str, str] = {}
        for key, p in zip(self._keys, self._phrases, strict=True):
            skey = " ".join(key.decode("ascii").split())  # as phrase_key() spells it
            if p.role:
                self._role.setdefault(skey, p.role)
            if p.form in ("name", "alias") or (p.form == "nickname" and len(p.candidates) == 1):
                self._canonical.setdefault(skey, p.candidates[0])
        for c in clubs:
            self._canonical[phrase_key(c.name)] = c.name
        self._nationalities = dict(nationalities)
        self._national_teams = dict(national_teams)

    # ----------------------------------------------------------------- construction

    @classmethod
    def default(cls) -> ClubGazetteer:
        """The gazetteer of the bundled clubs.yaml, built once per process."""
        return _default()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ClubGazetteer:
        """Build from the whole YAML document (all sections)."""
        return cls.from_entries(
            list(data.get("clubs") or ()),
            shared=data.get("shared") or (),
            leagues=data.get("leagues") or (),
            cities=data.get("cities") or (),
            champions=data.get("champions") or (),
            nationalities=data.get("nationalities") or (),
            side_nouns=tuple(data.get("side_nouns") or DEFAULT_SIDE_NOUNS),
        )

    @classmethod
    def from_entries(
        cls,
        entries: list[dict[str, Any]],
        *,
        shared: Iterable[Mapping[str, Any]] = (),
        leagues: Iterable[Mapping[str, Any]] = (),
        cities: Iterable[Mapping[str, Any]] = (),
        champions: Iterable[Mapping[str, Any]] = (),
        nationalities: Iterable[Mapping[str, Any]] = (),
        side_nouns: Sequence[str] = DEFAULT_SIDE_NOUNS,
    ) -> ClubGazetteer:
        """Build from club entries (the `clubs:` list); the other sections are optional."""
        return _Builder(side_nouns).build(
            entries,
            list(shared),
            list(leagues),
            list(cities),
            list(champions),
            list(nationalities),
        )

    # ---------------------------------------------------------------------- queries

    def find(self, text: str) -> list[ClubMention]:
        """All club mentions, sorted by start, non-overlapping, leftmost-longest."""
        key = text_key(text)  # sentinel space first: every pattern starts with a space
        n = len(key)
        out: list[ClubMention] = []
        phrases = self._phrases
        for idx, s, e in self._ac.find_matches_as_indexes(key):
            if e < n and key[e] != 32:  # the match must end at a word boundary
                continue
            # key[s] is the sentinel space before the phrase; key[i] is text[i - 1].
            start, end = s, e - 1
            p = phrases[idx]
            if p.case != "insensitive":
                surface = text[start:end]
                if not case_matches(p.template, surface, p.free_prefix):
                    continue
                if p.case == "strict":
                    if not _strict_ok(text, start, end, surface, p.not_followed_by):
                        continue
                elif p.glue_check and _context_before(text, start)[1]:
                    continue  # a bare nickname inside another name: "Super Eagles"
            cands = self._cands[idx]
            out.append(ClubMention(start, end, text[start:end], cands[0], cands, p.form))
        return out

    def canonical(self, name: str) -> str | None:
        """Canonical club for a name or alias (case/accent-insensitive), else None."""
        return self._canonical.get(phrase_key(name))

    def normalise(self, name: str) -> str:
        return self.canonical(name) or name.strip()

    def country(self, club: str) -> str | None:
        c = self._clubs.get(club) or self._clubs.get(self.canonical(club) or "")
        return c.country if c else None

    def league(self, club: str) -> str | None:
        c = self._clubs.get(club) or self._clubs.get(self.canonical(club) or "")
        return c.league if c else None

    def clubs(self) -> list[str]:
        return list(self._clubs)

    # Additions beyond the agreed interface: helpers the engine may use.

    def role(self, phrase: str) -> str | None:
        """Role hint of a generic phrase: "league:Bundesliga", "country:Spain",
        "city:Lisbon", "champions:Serie A"; None for a phrase naming specific clubs."""
        return self._role.get(phrase_key(phrase))

    def nationality(self, word: str) -> str | None:
        """Country of a nationality word or country name: "Dutchman" -> "Netherlands"."""
        return self._nationalities.get(phrase_key(word))

    def national_team(self, name: str) -> str | None:
        """Country of a national-team name ("England", "the Three Lions", "Les Bleus");
        these are never clubs."""
        k = phrase_key(name)
        return self._national_teams.get(k) or self._national_teams.get(
            k[4:] if k.startswith("the ") else "\x00"
        )


def _prev_word(text: str, j: int) -> str:
    """The word ending at index j (inclusive)."""
    i = j
    while i >= 0 and (text[i].isalnum() or text[i] in "'’-"):
        i -= 1
    return text[i + 1 : j + 1]


def _context_before(text: str, start: int) -> tuple[bool, bool]:
    """(sentence_initial, glued): does the match open a sentence, or does it continue a
    capitalised proper noun ("Mexico City", "Super Eagles")? A possessive or a function
    word before it is no glue ("Amorim's United", "But City")."""
    j = start - 1
    while j >= 0 and text[j] in " \u00a0":
        j -= 1
    if j < 0 or text[j] in _SENTENCE_OPENERS or "\n" in text[j + 1 : start]:
        return True, False
    if not (text[j].isalnum() or text[j] in "'’"):
        return False, False
    prev = _prev_word(text, j)
    glued = (
        bool(prev)
        and prev[0].isupper()
        and prev.lower() not in _FUNCTION_WORDS
        and not prev.endswith(("'s", "’s", "s'", "s’"))
    )
    return False, glued


def _strict_ok(text: str, start: int, end: int, surface: str, blocked: frozenset[str]) -> bool:
    if surface.isupper() and len(surface) > 1:
        return False  # "CITY" in a headline proves nothing
    initial, glued = _context_before(text, start)
    if glued:
        return False  # "Mexico City", "Kansas City", "Buckingham Palace"
    n = len(text)
    k = end
    if k < n and text[k] in "'’":
        return True  # possessive: "City's", "Nice's"
    while k < n and text[k] in " \u00a0":
        k += 1
    m = _WORD_CHARS.match(text, k) if end < k < n else None
    nxt = m.group() if m else ""
    if nxt and nxt[0].isupper() and k == end + 1:
        return False  # "United States", "City Ground", "Nice Airport"
    if nxt.lower() in blocked:
        return False  # "Sporting director"
    if initial:
        return nxt.lower() in _CLUB_FOLLOWERS
    return True


@functools.cache
def _default() -> ClubGazetteer:
    # libyaml's C loader when present: the pure-Python one takes most of the build time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with DATA_FILE.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)  # a safe loader either way
    return ClubGazetteer.from_data(data)


class _Builder:
    """Collects phrases from the YAML sections, merging duplicates in priority order."""

    def __init__(self, side_nouns: Sequence[str]) -> None:
        self.side_nouns = tuple(side_nouns)
        self.phrases: dict[bytes, _Phrase] = {}
        self.clubs: list[_Club] = []
        self.known: set[str] = set()

    def add(
        self,
        text: str,
        form: MentionForm,
        candidates: Sequence[str],
        case: CaseRule,
        role: str | None = None,
        closed: bool = False,
        generated: bool = False,
        not_followed_by: Iterable[str] = (),
    ) -> None:
        blocked = frozenset(w.lower() for w in not_followed_by)
        glue = form == "nickname" and " " not in text.strip()
        for variant in _variants(text):
            key = match_key(variant).strip()
            if not key:
                continue
            existing = self.phrases.get(key)
            if existing is None:
                self.phrases[key] = _Phrase(
                    template=variant.strip(),
                    form=form,
                    candidates=list(dict.fromkeys(candidates)),
                    case=case,
                    free_prefix=_article_prefix(variant.strip()),
                    role=role,
                    closed=closed,
                    glue_check=glue,
                    not_followed_by=blocked,
                )
                continue
            if existing.closed and generated:
                continue
            for c in candidates:
                if c not in existing.candidates:
                    existing.candidates.append(c)
            if _CASE_RANK[case] > _CASE_RANK[existing.case]:
                existing.case = case
                existing.template = variant.strip()
                existing.free_prefix = _article_prefix(existing.template)
            if _FORM_RANK[form] < _FORM_RANK[existing.form]:
                existing.form = form
            existing.closed = existing.closed or closed
            existing.glue_check = existing.glue_check or glue
            existing.not_followed_by = existing.not_followed_by | blocked
            if existing.role is None:
                existing.role = role

    def build(
        self,
        entries: list[dict[str, Any]],
        shared: list[Mapping[str, Any]],
        leagues: list[Mapping[str, Any]],
        cities: list[Mapping[str, Any]],
        champions: list[Mapping[str, Any]],
        nationalities: list[Mapping[str, Any]],
    ) -> ClubGazetteer:
        names: list[str] = []
        for e in entries:
            name = str(e["name"])
            if name in self.known:
                raise ValueError(f"duplicate club {name!r}")
            self.known.add(name)
            names.append(name)
            prev = e.get("previous_leagues") or ()
            if isinstance(prev, str):
                prev = (prev,)
            self.clubs.append(
                _Club(name, e.get("country"), e.get("league"), tuple(prev), e.get("city"))
            )

        def check(cands: Iterable[str], where: str) -> list[str]:
            out = list(cands)
            unknown = [c for c in out if c not in self.known]
            if unknown:
                raise ValueError(f"unknown club(s) {unknown} in {where}")
            return out

        # 1. Names and aliases first: they win every merge.
        for e in entries:
            name = str(e["name"])
            self.add(name, "name", [name], _case_of(e, "insensitive"))
            for it in _items(e.get("aliases")):
                self.add(
                    it["text"],
                    "alias",
                    [name],
                    _case_of(it, "insensitive"),
                    not_followed_by=it.get("not_followed_by") or (),
                )
        # 2. Curated shared phrases: ambiguous forms with candidates in priority order.
        for sh in shared:
            form: MentionForm = sh.get("form", "description")
            cands = check(sh["candidates"], f"shared {sh.get('phrase')!r}")
            default_case: CaseRule = (
                "sensitive" if form in ("nickname", "stadium") else "insensitive"
            )
            for text in _expand(str(sh["phrase"]), self.side_nouns):
                self.add(
                    text,
                    form,
                    cands,
                    _case_of(sh, default_case),
                    sh.get("role"),
                    closed=True,
                    not_followed_by=sh.get("not_followed_by") or (),
                )
        # 3. Per-club nicknames, stadiums, descriptions.
        stadium_of: dict[str, list[str]] = {}
        for e in entries:
            name = str(e["name"])
            for it in _items(e.get("nicknames")):
                self.add(it["text"], "nickname", [name], _case_of(it, "sensitive"))
            for it in _items(e.get("stadiums")):
                self.add(it["text"], "stadium", [name], _case_of(it, "sensitive"))
                stadium_of.setdefault(it["text"], []).append(name)
            for it in _items(e.get("descriptions")):
                for text in _expand(it["text"], self.side_nouns):
                    self.add(text, "description", [name], _case_of(it, "insensitive"))
        for sh in shared:
            if sh.get("form") == "stadium":
                stadium_of.setdefault(str(sh["phrase"]), []).extend(sh["candidates"])
        # 4. Champions and cup holders: newest season first.
        for ch in champions:
            comp = str(ch["competition"])
            by_season: Mapping[str, Any] = ch.get("by_season") or {}
            seasons = sorted(by_season, reverse=True)
            cands = check(dict.fromkeys(str(by_season[s]) for s in seasons), comp)
            for phrase in ch.get("phrases") or ():
                for mod in _CHAMPION_MODIFIERS:
                    self.add(
                        f"the {mod}{phrase}",
                        "description",
                        cands,
                        "insensitive",
                        f"champions:{comp}",
                        generated=True,
                    )
        # 5. "the Anfield club": a stadium used as a descriptor.
        for stadium, cands in stadium_of.items():
            bare = stadium[4:] if stadium.lower().startswith("the ") else stadium
            for noun in self.side_nouns:
                self.add(f"the {bare} {noun}", "description", cands, "insensitive", generated=True)
        # 6. Cities: "the Lisbon club", "the Paris-based side".
        for city in cities:
            cname = str(city["city"])
            cands = check(city["clubs"], f"city {cname!r}")
            for form_name in [cname, *(city.get("aliases") or ())]:
                for noun in self.side_nouns:
                    for text in (f"the {form_name} {noun}", f"the {form_name}-based {noun}"):
                        self.add(
                            text,
                            "description",
                            cands,
                            "insensitive",
                            f"city:{cname}",
                            generated=True,
                        )
        # 7. Leagues: "the Bundesliga club" -> the league's clubs, current season first.
        for lg in leagues:
            lname = str(lg["name"])
            current = [c.name for c in self.clubs if c.league == lname]
            earlier = [c.name for c in self.clubs if lname in c.previous_leagues]
            cands = list(dict.fromkeys(current + earlier))
            if not cands:
                continue
            for form_name in [lname, *(lg.get("aliases") or ())]:
                for noun in self.side_nouns:
                    self.add(
                        f"the {form_name} {noun}",
                        "description",
                        cands,
                        "insensitive",
                        f"league:{lname}",
                        generated=True,
                    )
        # 8. Countries: "the German club", "the Saudi side".
        nat_words: dict[str, str] = {}
        teams: dict[str, str] = {}
        for nat in nationalities:
            country = str(nat["country"])
            words = [
                country,
                *(nat.get("adjectives") or ()),
                *(nat.get("demonyms") or ()),
                *(nat.get("aliases") or ()),
            ]
            for w in words:
                nat_words.setdefault(phrase_key(w), country)
            for t in [country, *(nat.get("team_names") or ())]:
                teams.setdefault(phrase_key(t), country)
            cands = [c.name for c in self.clubs if c.country == country]
            if not cands:
                continue
            for adj in nat.get("adjectives") or ():
                for noun in self.side_nouns:
                    self.add(
                        f"the {adj} {noun}",
                        "description",
                        cands,
                        "insensitive",
                        f"country:{country}",
                        generated=True,
                    )
        return ClubGazetteer(self.clubs, self.phrases, nat_words, teams)
