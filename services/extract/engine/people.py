"""Person names in text: capitalised-token runs, particles, hyphens, registry names.

A person is kept as a possible player unless a cue word or the registry says he is a
manager, coach, director, agent, journalist or other non-player.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from services.extract.engine.cues import Gated
from services.extract.engine.normal import fold
from services.extract.engine.resources import RegistryLike

# Words of a name, with internal apostrophes/hyphens: "Alexander-Arnold", "N'Golo".
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "da",
        "dos",
        "das",
        "di",
        "del",
        "della",
        "der",
        "den",
        "ter",
        "el",
        "al",
        "le",
        "la",
        "du",
        "mac",
        "bin",
        "ben",
        "dello",
        "do",
    }
)

# Capitalised words that are never part of a person's name.
_NOT_NAME = frozenset(
    w.lower()
    for w in [
        "The",
        "A",
        "An",
        "And",
        "Or",
        "But",
        "If",
        "As",
        "At",
        "In",
        "On",
        "Of",
        "For",
        "To",
        "From",
        "By",
        "With",
        "Without",
        "After",
        "Before",
        "Since",
        "While",
        "When",
        "Where",
        "Why",
        "How",
        "What",
        "Who",
        "Whom",
        "Whose",
        "Which",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "Then",
        "Than",
        "However",
        "Meanwhile",
        "Also",
        "Although",
        "Though",
        "Despite",
        "Regardless",
        "Nevertheless",
        "Furthermore",
        "Moreover",
        "Thus",
        "Therefore",
        "Consequently",
        "Instead",
        "Still",
        "Yet",
        "Now",
        "Today",
        "Tonight",
        "Yesterday",
        "Tomorrow",
        "Earlier",
        "Later",
        "Once",
        "Both",
        "Either",
        "Neither",
        "Each",
        "Every",
        "All",
        "Any",
        "Some",
        "Many",
        "Much",
        "More",
        "Most",
        "Other",
        "Another",
        "Such",
        "Only",
        "Just",
        "Even",
        "Already",
        "Again",
        "Initially",
        "Finally",
        "Frustratingly",
        "Basically",
        "Overall",
        "Update",
        "Exclusive",
        "Watch",
        "Speaking",
        "Announcing",
        "According",
        "Per",
        "Via",
        "Plus",
        "Born",
        "Having",
        "Being",
        "It",
        "Its",
        "He",
        "His",
        "Him",
        "She",
        "Her",
        "They",
        "Their",
        "Them",
        "We",
        "Our",
        "Us",
        "You",
        "Your",
        "I",
        "My",
        "Me",
        "Mine",
        "Is",
        "Are",
        "Was",
        "Were",
        "Be",
        "Been",
        "Will",
        "Would",
        "Could",
        "Should",
        "May",
        "Might",
        "Must",
        "Can",
        "Do",
        "Does",
        "Did",
        "Has",
        "Have",
        "Had",
        "Not",
        "No",
        "Yes",
        "So",
        "Too",
        "Very",
        "Well",
        "Amongst",
        "Among",
        "Like",
        "Unless",
        "Until",
        "Upon",
        "Within",
        "Whether",
        "Report",
        "Reports",
        "Sources",
        "Source",
        "Reportedly",
        "Regardless",
        "Happy",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "England",
        "English",
        "Scotland",
        "Scottish",
        "Wales",
        "Welsh",
        "Ireland",
        "Irish",
        "Britain",
        "British",
        "Germany",
        "German",
        "Spain",
        "Spanish",
        "Spaniard",
        "France",
        "French",
        "Frenchman",
        "Italy",
        "Italian",
        "Portugal",
        "Portuguese",
        "Netherlands",
        "Dutch",
        "Dutchman",
        "Holland",
        "Belgium",
        "Belgian",
        "Brazil",
        "Brazilian",
        "Argentina",
        "Argentine",
        "Argentinian",
        "Norway",
        "Norwegian",
        "Denmark",
        "Danish",
        "Dane",
        "Sweden",
        "Swedish",
        "Egypt",
        "Egyptian",
        "Morocco",
        "Moroccan",
        "Nigeria",
        "Nigerian",
        "Ghana",
        "Ghanaian",
        "Canada",
        "Canadian",
        "Japan",
        "Japanese",
        "Korea",
        "Korean",
        "Poland",
        "Polish",
        "Croatia",
        "Croatian",
        "Serbia",
        "Serbian",
        "Slovenia",
        "Slovenian",
        "Hungary",
        "Hungarian",
        "Turkey",
        "Turkish",
        "Saudi",
        "Arabia",
        "Arabian",
        "Qatar",
        "American",
        "Europe",
        "European",
        "African",
        "Asian",
        "Uruguay",
        "Uruguayan",
        "Colombia",
        "Colombian",
        "Senegal",
        "Ukraine",
        "Ukrainian",
        "Austria",
        "Austrian",
        "Switzerland",
        "Swiss",
        "Czech",
        "Georgia",
        "Georgian",
        "Cameroon",
        "Mexico",
        "Mexican",
        "Ecuador",
        "Chile",
        "USA",
        "US",
        "UK",
        "Bavaria",
        "Bavarian",
        "Basque",
        "Catalan",
        "Catalunya",
        "Lombardy",
        "Premier",
        "League",
        "Leagues",
        "Cup",
        "Cups",
        "Champions",
        "Championship",
        "Bundesliga",
        "Serie",
        "Liga",
        "Ligue",
        "Eredivisie",
        "Primeira",
        "Europa",
        "Conference",
        "World",
        "Euro",
        "Euros",
        "Nations",
        "Olympics",
        "Olympic",
        "Club",
        "Clubs",
        "FC",
        "AFC",
        "CF",
        "SC",
        "Football",
        "Soccer",
        "Stadium",
        "Arena",
        "Park",
        "Road",
        "Ground",
        "Lane",
        "Bridge",
        "Etihad",
        "Emirates",
        "Anfield",
        "Bernabeu",
        "Bernabéu",
        "Trafford",
        "Molineux",
        "Selhurst",
        "Siro",
        "Allianz",
        "Wearside",
        "Merseyside",
        "Elland",
        "Stamford",
        "Santiago",
        "Goodison",
        "Parc",
        "Camp",
        "Nou",
        "Sports",
        "Sport",
        "News",
        "Daily",
        "Mail",
        "Mirror",
        "Sun",
        "Times",
        "Telegraph",
        "Guardian",
        "Athletic",
        "Sky",
        "BBC",
        "ESPN",
        "Express",
        "Record",
        "Post",
        "Echo",
        "Independent",
        "Standard",
        "Star",
        "Gazzetta",
        "Corriere",
        "Marca",
        "AS",
        "Bild",
        "Kicker",
        "Equipe",
        "L'Equipe",
        "Mundo",
        "Deportivo",
        "Tuttosport",
        "Calciomercato",
        "CalcioMercato",
        "TEAMtalk",
        "Talksport",
        "TalkSPORT",
        "Goal",
        "Reuters",
        "AFP",
        "AP",
        "PA",
        "Agency",
        "Twitter",
        "Instagram",
        "YouTube",
        "Facebook",
        "TikTok",
        "X",
        "Getty",
        "Images",
        "Transfer",
        "Transfers",
        "DealSheet",
        "Paper",
        "Talk",
        "Gossip",
        "Live",
        "Blog",
        "Player",
        "Players",
        "Year",
        "Years",
        "Season",
        "Seasons",
        "Window",
        "Deadline",
        "Day",
        "Young",
        "Award",
        "Awards",
        "Trophy",
        "Title",
        "Treble",
        "Final",
        "Finals",
        "Semi",
        "Quarter",
        "Round",
        "Group",
        "Stage",
        "Week",
        "Month",
        "North",
        "South",
        "East",
        "West",
        "London",
        "Manchester",
        "Munich",
        "Madrid",
        "Paris",
        "Milan",
        "Turin",
        "Lisbon",
        "Istanbul",
        "Riyadh",
        "Orlando",
        "Florida",
        "Warsaw",
        "Mallorca",
        "Qatar",
        "Slovakia",
        "Bergamo",
        "Vancouver",
        "Italy's",
        "President",
        "Director",
        "Chairman",
        "Manager",
        "Coach",
        "Boss",
        "Chief",
        "Executive",
        "CEO",
        "Captain",
        "Sir",
        "Mr",
        "Mrs",
        "Dr",
        "St",
        "Saint",
        "Santa",
        "San",
        "Los",
        "Las",
        "Les",
        "King",
        "Queen",
        "Prince",
        "Wing-back",
        "Centre-back",
        "Full-back",
        "Left-back",
        "Right-back",
        "Centre-half",
        "Winger",
        "Striker",
        "Forward",
        "Midfielder",
        "Defender",
        "Goalkeeper",
        "Keeper",
        "Skipper",
        "Boss",
        "Gaffer",
        "Journalist",
        "Reporter",
        "Agent",
        "Correspondent",
        "Pundit",
        "Editor",
        "Owner",
        "Chief",
        "Sporting",
        "Technical",
        "Head",
        "Interim",
        "Caretaker",
        "Former",
        "Legend",
        "Icon",
        "Star",
        "Superstar",
        "Youngster",
        "Teenager",
        "Veteran",
        "Ace",
        "Real",
        "Madrid's",
        "City",
        "United",
        "Town",
        "Rovers",
        "Athletic",
        "Wanderers",
        "Albion",
        "Hotspur",
        "Villa",
        "Palace",
        "Forest",
        "Olympique",
        "Borussia",
        "Bayer",
        "Inter",
        "Internazionale",
        "Sporting",
        "Atletico",
        "Atlético",
        "Whitecaps",
        "Galaxy",
        "Saudi",
        "Pro",
        "Major",
        "Soccer",
        "MLS",
        "UEFA",
        "FIFA",
        "TMS",
        "Fifa",
        "PSR",
        "DFL",
        "Super",
        "Cup",
        "God",
        "Lord",
        "Covid",
    ]
)

# Words before a name that make the person a non-player.
_ROLE_BEFORE = re.compile(
    r"\b(?:manager|boss|coach|head coach|coaches|director|chairman|chairperson|president|"
    r"ceo|chief executive|executive|owner|co-owner|journalist|reporter|correspondent|"
    r"agent|agents|pundit|editor|presenter|broadcaster|insider|expert|scout|official|"
    r"spokesman|spokesperson|referee|analyst|commentator|tactician|trainer|"
    r"goalkeeper coach|assistant|chief|supremo|supremos|owners|"
    r"writer|columnist|hierarchy including|former boss|"
    r"new boss|new manager|new coach|ex-boss)"
    r"(?:\s+of\s+(?:football|sport|sports|recruitment|communications|scouting))?\s*[,:]?\s*$"
)
_ROLE_AFTER = re.compile(
    # An appositive naming the role: "Fernando Carro, Bayer Leverkusen's director, said".
    r"^(?:\s*,\s*(?:the\s+|a\s+|who\s+is\s+)?(?!with\b|and\b|but\b)(?:[\w'’\-]+\s+){0,4}?"
    r"(?:sporting\s+|football\s+|technical\s+|head\s+|chief\s+|club\s+)?"
    r"(?:director|manager|boss|coach|chairman|president|ceo|executive|owner|journalist|"
    r"reporter|correspondent|agent|pundit|editor|scout)\s*(?:,|\.|$|\band\b)"
    r"|\s+(?:has|have|had)?\s*(?:reported|reports|writes|claims|"
    r"understands|revealed exclusively)\b"
    r"|['’]s\s+(?:report|reporting|sources|side|team|men|squad|charges|tenure|reign|"
    r"spending|project|backroom|coaching|tactics|managerial|first season in charge)\b"
    r"|\s+(?:claimed|claims)\b"
    r"|\s+(?:said|told)\s+(?:in\s+)?(?:a\s+)?(?:post|on\s+x|on\s+twitter|on\s+his\s+"
    r"youtube|via)"
    r"|\s+(?:on\s+his\s+)?(?:youtube|twitter|x)\s+(?:channel|account))"
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    surface: str
    name: str  # canonical (registry) or as written
    is_player: bool
    explicit: bool = True  # False for a resolved pronoun or description


def _clean_surface(s: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if s.endswith(suffix):
            return s[: -len(suffix)]
    return s


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() and not (len(tok) > 2 and tok.isupper())


_CAP_TOKEN = r"[A-ZÀ-ÖØ-ÞĀ-Ž][^\W\d_]*(?:['’\-][^\W\d_]+)*"
_PARTICLE_RE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"
# A run starts with a capital or a particle's first letter: the leading lookahead skips
# every other position at once (same matches, fewer attempts).
_RUN_FIRST = "".join(sorted({p[0] for p in _PARTICLES}))
_RUN = re.compile(
    rf"(?=[A-ZÀ-ÖØ-ÞĀ-Ž{_RUN_FIRST}])"
    rf"(?<![\w'’\-])(?:{_PARTICLE_RE} )*{_CAP_TOKEN}(?: (?:{_PARTICLE_RE} )*{_CAP_TOKEN})*"
)


def _candidate_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised tokens (particles allowed inside) within text[start:end];
    words that are never names split a run, a possessive ends one."""
    runs: list[tuple[int, int]] = []
    for m in _RUN.finditer(text, start, end):
        cur_s = -1
        cur_e = -1
        pos = m.start()
        for tok in m.group().split(" "):
            t_s, t_e = pos, pos + len(tok)
            pos = t_e + 1
            low = tok.lower()
            if low in _PARTICLES:
                if cur_s < 0:
                    cur_s = t_s
                continue
            possessive = low.endswith(("'s", "’s"))
            stem = low[:-2] if possessive else low
            if stem in _NOT_NAME or len(tok) < 2 or not _is_cap(tok):
                if cur_s >= 0 and cur_e > cur_s:
                    runs.append((cur_s, cur_e))
                cur_s = cur_e = -1
                continue
            if cur_s < 0:
                cur_s = t_s
            cur_e = t_e
            if possessive:  # "Salah's new deal": the name ends at the possessive
                runs.append((cur_s, cur_e))
                cur_s = cur_e = -1
        if cur_s >= 0 and cur_e > cur_s:
            runs.append((cur_s, cur_e))
    return runs


# Weaker cues: this mention is a source, though the same name may be a player elsewhere.
_SOURCE_BEFORE = re.compile(r"\b(?:according to|as per|per|reported by|via|told)\s*$")
_HANDLE_AFTER = re.compile(r"^\s*\(@")
# A passing mention: "he will join up with team mate Jude Bellingham" is no news about
# Bellingham; neither is a comparison ("such as", "ahead of") or a replaced player.
_PASSING_BEFORE = re.compile(
    r"\b(?:(?:join|joins|joined|joining|link|links|linking|team) up with|"
    r"replac\w*(?: for)?|in place of|trailing only|ahead of|behind|than|surpass\w*|"
    r"such as|compared to|fellow|as with)\s+(?:[\w'’-]+\s+){0,3}$"
)


# The patterns above with words one of which each of their matches holds.
_ROLE_BEFORE_CUE = Gated.by_anchors(_ROLE_BEFORE)
_SOURCE_CUE = Gated.by_anchors(_SOURCE_BEFORE)
_PASSING_CUE = Gated.by_anchors(_PASSING_BEFORE)


def _role_is_non_player(folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - 60) : start]
    after = folded[end : end + 70]
    return _ROLE_BEFORE_CUE.found(before) or bool(_ROLE_AFTER.search(after))


# Journalists who break transfer news everywhere; they are sources, never players.
KNOWN_JOURNALISTS = frozenset(
    {
        "fabrizio romano",
        "david ornstein",
        "sami mokbel",
        "matt law",
        "nicolo schira",
        "gianluca di marzio",
        "florian plettenberg",
        "christian falk",
        "ben jacobs",
        "simon stone",
        "james pearce",
        "paul joyce",
        "chris wheeler",
        "john cross",
        "julien laurens",
        "rudy galetti",
        "dean jones",
        "alex crook",
        "kieran maguire",
        "mike mcgrath",
        "sam lee",
        "jack gaughan",
        "fabrice hawkins",
        "melissa reddy",
        "chris williams",
        "matteo moretto",
        "gerard romero",
        "pete o'rourke",
    }
)

_POSITION_BEFORE = re.compile(
    r"(?:striker|forward|winger|midfielder|defender|goalkeeper|keeper|centre-back|"
    r"center-back|full-back|right-back|left-back|wing-back|wing back|playmaker|attacker|"
    r"star|youngster|international|captain|frontman|talisman|teammate|team-mate)\s+$"
)
_POSITION_BEFORE_CUE = Gated.by_anchors(_POSITION_BEFORE)


def find_people(
    text: str,
    folded: str,
    blocked: list[tuple[int, int]],
    registry: RegistryLike,
    *,
    limit: int = 400,
    headline_spans: list[tuple[int, int]] | None = None,
) -> list[PersonMention]:
    """Person mentions of the whole text, sorted by offset. `blocked` spans (clubs)
    are never part of a name."""
    found: dict[int, PersonMention] = {}
    taken: list[tuple[int, int]] = []

    for s, e, player in registry.find(text)[:limit]:
        reg_name = str(getattr(player, "name", None) or text[s:e])
        found[s] = PersonMention(s, e, text[s:e], reg_name, True)
        taken.append((s, e))

    # Registry spans never overlap each other: sorted, a bisect finds the one before.
    taken.sort()
    taken_starts = [t[0] for t in taken]
    # Club names are masked (same length) so that no run crosses one.
    masked = text
    if blocked:
        parts: list[str] = []
        pos = 0
        for bs, be in sorted(blocked):
            if bs < pos:
                bs = pos  # overlapping spans: mask the rest only
            if be <= bs:
                continue
            parts.append(text[pos:bs])
            parts.append("|" * (be - bs))
            pos = be
        parts.append(text[pos:])
        masked = "".join(parts)

    raw: list[tuple[int, int, str]] = []
    for rs, re_ in _candidate_runs(masked, 0, len(masked)):
        k = bisect_right(taken_starts, re_ - 1) - 1
        if k >= 0 and taken[k][1] > rs:
            continue
        surface = _clean_surface(text[rs:re_])
        raw.append((rs, rs + len(surface), surface))
        if len(raw) >= limit:
            break

    full_names: dict[str, str] = {}  # folded single token -> full name
    for rs0, _, surface in raw:
        toks = surface.split()
        if headline_spans and any(hs <= rs0 < he for hs, he in headline_spans):
            continue
        if len(toks) >= 2:
            full = surface
            full_names.setdefault(fold(toks[-1]), full)
            full_names.setdefault(fold(toks[0]), full)
    for m in found.values():
        toks = m.name.split()
        if toks:
            full_names[fold(toks[-1])] = m.name
            for alias_tok in m.surface.split():
                full_names.setdefault(fold(alias_tok), m.name)

    lookups: dict[str, Any] = {}  # a name recurs: one registry lookup per surface
    for rs, re_, surface in raw:
        toks = surface.split()
        if surface not in lookups:
            lookups[surface] = registry.lookup(surface)
        known = lookups[surface]
        name: str | None = None
        if known is not None:
            name = known.name
        elif len(toks) == 1:
            key = fold(surface)
            if key in full_names and full_names[key] != surface:
                name = full_names[key]
            elif _POSITION_BEFORE_CUE.found(folded[max(0, rs - 25) : rs]):
                name = surface
            else:
                continue
        elif len(toks) > 4:
            continue
        elif headline_spans and any(hs <= rs < he for hs, he in headline_spans):
            # In a headline every word is capitalised: only a name known elsewhere counts.
            key = fold(toks[-1])
            if key not in full_names or full_names[key] == surface:
                continue
            name = full_names[key]
        else:
            # Multi-token: a single capitalised particle-led run like "De Bruyne" is kept.
            name = surface
        found[rs] = PersonMention(rs, re_, surface, name, True)

    # "Van Dijk" after "Virgil van Dijk": a shorter form of a fuller name is that name.
    by_suffix: dict[tuple[str, ...], str] = {}
    for s_ in sorted(found):
        nm = found[s_].name
        name_toks = tuple(fold(nm).split())
        for k in range(1, len(name_toks) - 1):  # proper suffixes of two tokens or more
            suffix = name_toks[k:]
            known = by_suffix.get(suffix)
            if known is None or len(known.split()) < len(name_toks):
                by_suffix[suffix] = nm
    for s_ in list(found):
        m = found[s_]
        short = tuple(fold(m.name).split())
        fuller = by_suffix.get(short) if len(short) >= 2 else None
        if fuller is not None and fuller != m.name:
            found[s_] = PersonMention(m.start, m.end, m.surface, fuller, m.is_player)

    # Decide who is a non-player: registry, known journalists, role cue words.
    non_players: set[str] = set()
    known_player: dict[str, bool] = {}
    for m in found.values():
        if m.name in non_players:
            continue
        if m.name not in known_player:
            if fold(m.name) in KNOWN_JOURNALISTS or registry.is_known_non_player(m.name):
                non_players.add(m.name)
                continue
            known_player[m.name] = registry.lookup(m.name) is not None
        # A cue word loses to the registry: a known player stays a player.
        if not known_player[m.name] and _role_is_non_player(folded, m.start, m.end):
            non_players.add(m.name)
    out = []
    for s in sorted(found):
        m = found[s]
        if (
            m.name in non_players
            or _SOURCE_CUE.found(folded[max(0, s - 20) : s])
            or _HANDLE_AFTER.match(folded[m.end : m.end + 5])
            or _PASSING_CUE.found(folded[max(0, s - 50) : s])
        ):
            m = PersonMention(m.start, m.end, m.surface, m.name, False)
        out.append(m)
    return out
