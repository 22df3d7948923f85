"""The kind rules: from a trigger in a sentence to claims (player, kind, club, polarity).

Club roles follow claims.md: contract kinds take the player's current club, transfer
kinds the suitor (never the selling club), stance kinds the club the stance is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.extract.engine.cues import (
    BIOGRAPHY_CUE,
    CONTRACT_CONTEXT_CUE,
    CONTRACT_NEW_CUE,
    NEGATION,
    SELLING_STANCE_CUE,
    TRANSFER_BLOCK_CUE,
    Gated,
    Trigger,
)
from services.extract.engine.sentences import Span

CONTRACT_KINDS = frozenset(
    {
        "contract_expiring",
        "contract_talks",
        "contract_offer",
        "contract_offer_rejected",
        "contract_agreement_near",
        "contract_extended",
        "contract_talks_stalled",
    }
)


@dataclass(frozen=True, slots=True)
class ClubRef:
    start: int
    end: int
    club: str
    form: str = "name"  # name | alias | nickname | description | stadium


@dataclass(frozen=True, slots=True)
class PlayerRef:
    start: int
    end: int
    name: str
    explicit: bool


@dataclass(slots=True)
class DocContext:
    """What the article tells about its players, gathered before the rules run."""

    current_club: dict[str, str] = field(default_factory=dict)
    # The registry's club: possibly newer than the article, so never used to rule a
    # club out as suitor; only a last resort for contract claims.
    registry_club: dict[str, str] = field(default_factory=dict)
    dominant_club: str | None = None
    # The club most often the subject of the story's sentences ("Tottenham have ...").
    acting_club: str | None = None
    # The club last seen acting as a subject: what a later "they" stands for.
    last_subject_club: str | None = None
    # The suitor a player's last transfer claim named, and where (sentence index): a
    # sentence naming no club continues with it only right after.
    last_suitor: dict[str, tuple[str, int]] = field(default_factory=dict)
    sentence_index: int = 0

    def recent_suitor(self, player: str, within: int = 8) -> str | None:
        got = self.last_suitor.get(player)
        if got is None or self.sentence_index - got[1] > within:
            return None
        return got[0]


@dataclass(frozen=True, slots=True)
class RawClaim:
    player: str
    kind: str
    club: str | None
    polarity: str
    trigger: Trigger
    trigger_start: int
    trigger_end: int
    clause: Span


_FILLER = (
    r"(?:(?!(?:in|a|an|the|to|for|on|at|with|and|or|of|is|are|was|were|have|has|had|will|"
    r"would|could|from|by|that|this|who|which|as|but|after|before)\b)[\w-]+\s+)"
)
_POSITION_AFTER = re.compile(
    r"^\s*(?:['’]s?\s+)?" + _FILLER + r"{0,2}?(?:striker|forward|winger|midfielder|defender|"
    r"goalkeeper|keeper|centre-back|center-back|full-back|right-back|left-back|wing-back|"
    r"playmaker|attacker|star|youngster|captain|academy|teammate|team-mate|talisman|"
    r"sensation|duo|trio|pair|player|players|ace|frontman|legend|stalwart|loanee|"
    r"superstar|outcast|flop|forwards|"
    r"defenders|stars|colleagues?|team-mates|teammates)\b"
)
_SELLER_VERB_AFTER = re.compile(
    r"^\s+(?:have\s+|has\s+|had\s+|also\s+|then\s+|now\s+|initially\s+|not\s+|never\s+|"
    r"yet\s+to\s+|already\s+|still\s+|did\s+|do\s+|does\s+|reportedly\s+)*(?:rejected|accepted|"
    r"turned down|refused|dismissed|rebuffed|sold|sell|agreed the (?:\w+ )*sale|are believed "
    r"to want|want £|want €|demand|demanded|are demanding|were demanding|insist|insisted|"
    r"are desperate|consider|received|accept|reject|have no intention|allowed|refuse|"
    r"will accept|will receive|will benefit|receive|are continuing talks with|"
    r"continuing talks with|would prefer to keep|to compensate|owner|ownership)\b"
)
_SELLER_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,2}?(?:refusal|asking price|valuation|contract|academy|"
    r"youth|first team|record sale|previous|owner|ceo|director|chairman|president|boss|"
    r"manager|coach|statement|squad|stance|hierarchy)\b"
)
_SUITOR_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,3}?(?:bid|bids|offer|offers|approach|interest|move|pursuit|"
    r"attempt|proposal|enquiry|readiness|top transfer target|transfer target|target|"
    r"targets|plan|position|signing|signings|new signing|arrival|list|transfer priorities|"
    r"priorities|spending)\b"
)
_FROM_SUITOR = re.compile(
    r"(?:interest|interests|bid|bids|offer|offers|approach|approaches|enquiry|enquiries|"
    r"attention|proposal|advances|links?|calls?|contact)\s+(?:[\w-]+\s+){0,2}?from\s+"
    r"(?:the\s+|\w+\s+side\s+|\w+'s\s+)?$"
)
_WITH_BEFORE = re.compile(
    r"\b(?:agreement|agreed|deal|talks|negotiations|discussions|terms|fee|contact|"
    r"agreeing|agree|agrees|reached|an agreement)\s+(?:\w+\s+){0,2}?with\s+(?:the\s+)?$"
)
_OFFER_TO = re.compile(
    r"\b(?:offer|offers|bid|bids|proposal|approach|enquiry|request)\s+(?:[\w£€$.,()-]+\s+){0,4}?"
    r"(?:to|with)\s+(?:the\s+)?$"
)
_OPPONENT_BEFORE = re.compile(
    r"(?:\b(?:win|wins|victory|defeat|draw|loss|game|match|clash|tie|fixture|final|"
    r"semi-final|derby)s?\s+(?:over|against|to|with|at|by|versus)\s+(?:the\s+)?"
    r"|\bagainst\s+(?:the\s+)?|\bbeat(?:ing)?\s+|\bvs?\.?\s+|\bversus\s+)$"
)
_FOR_SUITOR = re.compile(r"\b(?:target|targets|priority|priorities)\s+for\s+(?:the\s+)?$")
_FROM = re.compile(r"\bfrom\s+(?:the\s+|[\w-]+\s+side\s+|[\w-]+\s+club\s+|[\w-]+\s+outfit\s+)?$")
_LEAVE_BEFORE = re.compile(
    r"\b(?:leave|leaving|left|depart|departing|departed|exit|quit|quits|"
    r"(?<!playing )(?<!play )at|of|with his "
    r"boyhood club|his time at|his spell at|stay at|stay with|remain at|commit\w* to|"
    r"committing their futures to|keep him at|future at)\s+(?:the\s+)?$"
)
_DEST_BEFORE = re.compile(
    # "due to Liverpool's model", "thanks to Arsenal": a cause, not where he goes.
    r"(?:\b(?<!due )(?<!thanks )(?<!owing )(?<!according )to|"
    r"\bjoin|\bjoins|\bjoined|\bjoining|\b(?:sign|signs|signed|signing|play|playing|"
    r"leave|leaving|left|head|heading|headed|bound|move|moving|moves|set) for|"
    r"\bchosen|\bchose|\bchoose|\bwanted|\bwants|\bwant|\bpreference was a move to|"
    r"\binformed|\btowards joining|\bwith|\bsnapping up|\bat)\s+(?:the\s+|play\s+for\s+)?"
    r"(?:(?:[\w-]+\s+){1,2}(?:side|club|outfit|giants|champions)\s+)?$"
)
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")
_REJECT_BY = re.compile(
    r"(?:rejected|turned down|refused|dismissed|rebuffed|blocked)\s+by\s+(?:the\s+)?$"
)
_SUBJECT_AFTER = re.compile(
    r"^(?:\s*,[^,]{0,60},)?\s+(?:have|has|had|are|is|were|was|will|would|could|might|may|"
    r"also|now|then|reportedly|remain|remains|made|make|opened|tabled|submitted|plan|"
    r"plans|want|wants|like|likes|agreed|triggered|activated|confirmed|completed|signed|"
    r"ready|set|poised|keen|interested|monitoring|tracked|tracking|continue|continued|"
    r"see|saw|face|appear|put|who|hope|hopes|did|do|does|can|cannot|intend|staging|"
    r"started|consider|pay|paid|returned|return|attempted|contacted|enquired|tried|"
    r"showed|lead|leads|moved|snapped|hijacked|missed|lost|decided|withdrew|pulled|"
    r"already|finally|still|only|must|should|need|needs|were|'ve|,|spent|bought|"
    r"failed|fell|aim|aims|eye|eyes|eyeing|target|targets|love|admire|admires|misses|"
    r"loses|fails|pulls|withdraws|trump|trumps|beat|beats|hijack|hijacks|"
    r"like|liked|want|wanted|courting|chasing|weighing)\b"
)
_COORD = re.compile(r"^\s*(?:,|and|or|&|as well as|nor|, and|, or|plus)\s*$")
_PASSING_BEFORE = re.compile(
    r"(?:replac\w*|partner|instead of|rather "
    r"than|in place of|behind|ahead of|surpass\w*|trailing only|compared to|than)\s+"
    r"(?:\w+\s+){0,3}$"
)


_PLAYER_COORD = re.compile(
    r"^(?:['’]s?)?\s*(?:\([^)]{0,40}\))?\s*(?:,\s*\d+\s*)?(?:(?:from|of)\s+[^,;]{0,40}?)?\s*"
    r"(?:,\s*(?:and|or)?|and|or|&|as well as|plus|nor|—|-|–)\s*(?:\s*(?:either|both|also|the|"
    r"former|young|veteran|captain|and|left-back|right-back|wing|back|centre-back|goalkeeper|"
    r"keeper|striker|forward|winger|midfielder|defender|attacking|defensive|central|full-back|"
    r"wing-back|playmaker|potentially|possibly|perhaps|even|maybe|probably|[\w-]+['’]s)\s+){0,3}$"
)


_ARRIVAL_AT = re.compile(
    r"\b(?:arrival|arrivals|arrived|arrives|arriving|signing|signings|unveiled|welcomed|"
    r"additions?|medical|medicals|tests)\s+(?:[\w'’-]+\s+){0,4}?(?:at|to|with)\s+(?:the\s+)?$"
)
_TO_AT_BEFORE = re.compile(r"\b(?:to|at|towards)\s+(?:the\s+)?$")
_INCLUDING = re.compile(r"\b(?:including|among them|such as|namely)\s+(?:\w+\s+){0,2}$")
_ALONGSIDE = re.compile(r"\b(?:alongside|along with|together with|as well as)\s+(?:\w+\s+){0,2}$")


# The patterns above with words one of which each of their matches holds.
_INCLUDING_CUE = Gated(_INCLUDING, ("including", "among them", "such as", "namely"))
_ALONGSIDE_CUE = Gated(_ALONGSIDE, ("along", "together with", "as well as"))
_OFFER_TO_CUE = Gated(_OFFER_TO, ("offer", "bid", "proposal", "approach", "enquiry", "request"))
_ARRIVAL_AT_CUE = Gated(
    _ARRIVAL_AT,
    ("arriv", "signing", "unveiled", "welcomed", "addition", "medical", "tests"),
)
_PASSING_CUE = Gated.by_anchors(_PASSING_BEFORE)


def pick_players(
    folded: str,
    cands: list[PlayerRef],
    ts: int,
    te: int,
    sentence_players: list[PlayerRef] | None = None,
) -> list[PlayerRef]:
    """The player nearest the trigger, with the players coordinated with him ("X, Y and
    Z"): a list shares the claim, other names in the clause do not. A list may run on
    past the clause ("sans van Dijk, and potentially Alexander-Arnold and Salah")."""
    if not cands:
        return cands
    pool = {(p.start, p.end, p.name): p for p in [*cands, *(sentence_players or [])]}
    ordered = sorted(pool.values(), key=lambda p: p.start)
    if len(ordered) <= 1:
        return ordered

    def dist(p: PlayerRef) -> int:
        if p.end <= ts:
            return ts - p.end
        if p.start >= te:
            return p.start - te
        return 0

    anchors = {(p.start, p.end, p.name) for p in cands}
    i = min(
        (
            k
            for k in range(len(ordered))
            if (ordered[k].start, ordered[k].end, ordered[k].name) in anchors
        ),
        key=lambda k: dist(ordered[k]),
    )
    # "a list of notable arrivals, including Asensio, Dembele and Hernandez": the
    # list after "including" is what the trigger is about.
    for k in range(len(ordered)):
        if ordered[k].start >= te and _INCLUDING_CUE.found(
            folded[max(te, ordered[k].start - 40) : ordered[k].start]
        ):
            i = k
            break
    lo = hi = i

    def joined(a: PlayerRef, b: PlayerRef) -> bool:
        # One group reference ("the trio") stands for several players at one place.
        return (a.start, a.end) == (b.start, b.end) or bool(
            _PLAYER_COORD.match(folded[a.end : b.start])
        )

    while lo > 0 and joined(ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and joined(ordered[hi], ordered[hi + 1]):
        hi += 1
    chosen = ordered[lo : hi + 1]
    # "... out of contract alongside Salah and Alexander-Arnold": they share it.
    for k in range(hi + 1, len(ordered)):
        if _ALONGSIDE_CUE.found(folded[max(te, ordered[k].start - 30) : ordered[k].start]):
            j = k
            chosen.append(ordered[j])
            while j + 1 < len(ordered) and joined(ordered[j], ordered[j + 1]):
                j += 1
                chosen.append(ordered[j])
            break
    return chosen


def club_roles(
    folded: str, clubs: list[ClubRef], players: list[PlayerRef], lo: int
) -> dict[int, str]:
    """Role of each club mention: seller, suitor, dest, current or neutral."""
    roles: dict[int, str] = {}
    for c in clubs:
        before = folded[max(lo, c.start - 45) : c.start]
        after = folded[c.end : c.end + 60]
        role = "neutral"
        # Each `in` test stands for a word the regex after it cannot match without: it
        # spares the regex scan, nothing more.
        has_from = "from" in before
        has_by = "by" in before
        if (has_from and _FROM_SUITOR.search(before)) or (
            "for" in before and _FOR_SUITOR.search(before)
        ):
            role = "suitor"
        elif _OFFER_TO_CUE.found(before):
            role = "seller"  # "a £30m offer to Ajax": Ajax receives it
        elif _OPPONENT_BEFORE.search(before):
            role = "opponent"  # "after their 1-0 win over Girona": a match, not a move
        elif (has_from and _FROM.search(before)) or (has_by and _REJECT_BY.search(before)):
            role = "seller"
        elif (c.form == "stadium" and _TO_AT_BEFORE.search(before)) or _ARRIVAL_AT_CUE.found(
            before
        ):
            role = "dest"  # "the arrival of Sesko at Old Trafford", "a move to Anfield"
        elif _LEAVE_BEFORE.search(before):
            role = "current"
        elif _SUITOR_POSSESSIVE.match(after):
            role = "suitor"
        elif _SELLER_POSSESSIVE.match(after) or _SELLER_VERB_AFTER.match(after):
            role = "seller"
        elif _POSITION_AFTER.match(after) or any(
            0 <= p.start - c.end <= 4 for p in players if p.explicit
        ):
            role = "current"
        elif "with" in before and _WITH_BEFORE.search(before):
            # "agreed a fee with West Ham", "in talks with Bournemouth": the other party,
            # which is the suitor only when no club is the subject.
            role = "with"
        elif _DEST_BEFORE.search(before):
            role = "dest"
        elif has_by and _BY_BEFORE.search(before):
            role = "suitor"
        elif any(0 <= c.start - p.end <= 4 for p in players if p.explicit) and before.endswith(
            " of "
        ):
            role = "current"
        elif _SUBJECT_AFTER.match(after):
            role = "subject"
        roles[c.start] = role
    return roles


def _groups(folded: str, clubs: list[ClubRef]) -> list[list[ClubRef]]:
    groups: list[list[ClubRef]] = []
    for c in clubs:
        if groups and _COORD.match(folded[groups[-1][-1].end : c.start]):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _dedupe(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def suitors(
    folded: str,
    clubs: list[ClubRef],
    roles: dict[int, str],
    trigger_start: int,
    current: str | None,
) -> list[str]:
    """Suitor clubs for a transfer trigger (a coordinated list gives several)."""
    cands = [
        c
        for c in clubs
        if roles[c.start] not in ("seller", "current", "opponent") and c.club != current
    ]
    if not cands:
        return []
    has_subject = any(roles[c.start] == "subject" and c.start < trigger_start for c in cands)
    strong_roles = ("suitor", "dest", "subject") if has_subject else ("suitor", "dest", "with")
    strong = [c for c in cands if roles[c.start] in strong_roles]
    if has_subject:
        cands = [c for c in cands if roles[c.start] != "with"]
    pool = strong or cands
    best: list[ClubRef] | None = None
    best_d = 10**9
    groups = _groups(folded, clubs)
    for g in groups:
        members = [c for c in g if c in pool]
        if not members:
            continue
        d = min(abs(c.start - trigger_start) for c in members)
        # A subject before the trigger beats an object at the same distance.
        if members[0].start < trigger_start:
            d -= 5
        if d < best_d:
            best, best_d = members, d
    if best is None:
        return []
    # The whole coordinated group shares the role, whatever each mention looks like.
    group = next(g for g in groups if best[0] in g)
    skip = (
        ("seller", "current", "opponent", "with")
        if has_subject
        else ("seller", "current", "opponent")
    )
    names = [c.club for c in group if roles[c.start] not in skip and c.club != current]
    return _dedupe(names)


_LEAVING_END = re.compile(r"(?:leave|leaving|left|quit|exit|depart|departing)$")


_AT_BEFORE = re.compile(
    r"(?<!playing )(?<!play )(?<!life )(?<!career )(?<!future )\bat\s+(?:the\s+)?$"
)


def _where_it_happens(folded: str, start: int) -> bool:
    """ "his final appearance for the club at Anfield", "his exit at the Etihad": after a
    departure, a plain "at" names where it happens; "his arrival at Anfield", "playing at
    the Bernabeu", "a new life at Al-Nassr" name where he goes."""
    before = folded[max(0, start - 45) : start]
    return bool(_AT_BEFORE.search(before)) and not _ARRIVAL_AT_CUE.found(before)


def destinations(
    folded: str,
    clubs: list[ClubRef],
    roles: dict[int, str],
    trigger_end: int,
    current: str | None,
) -> list[str]:
    # "asked to leave City": the club right after a leaving verb is the one he leaves.
    adjacent_ok = not _LEAVING_END.search(folded, max(0, trigger_end - 10), trigger_end)
    out: list[str] = []
    for g in _groups(folded, clubs):
        if any(
            (roles[c.start] in ("dest", "with") and not _where_it_happens(folded, c.start))
            or (adjacent_ok and 0 <= c.start - trigger_end <= 2)
            for c in g
        ):
            out.extend(c.club for c in g if c.club != current and roles[c.start] != "seller")
    return _dedupe(out)


_OTHER_VERB = re.compile(
    r"\b(?:disclose|reveal|confirm|comment|say|know|specify|address|stop|rule out|"
    r"hide|deny|make sense|want to wait|wait)\b"
)


def negated(folded: str, lo: int, trigger_start: int, trigger_end: int) -> bool:
    """A negation word in the trigger or just before it, within its own conjunct:
    "no chance of a deal and a pre-contract agreement" does not deny the agreement."""
    before = folded[max(lo, trigger_start - 40) : trigger_start]
    cut = max(
        before.rfind(","), before.rfind(" and "), before.rfind(" but "), before.rfind(" while ")
    )
    if cut >= 0:
        before = before[cut + 1 :]
    window = before + folded[trigger_start:trigger_end]
    m = NEGATION.search(window)
    # "did not disclose the length of his new deal": the negation is about another verb.
    return m is not None and not _OTHER_VERB.search(window, m.end())


_YEAR = re.compile(r"\b(?:in|since|during|back in) (?:[a-z]+ )?(20\d\d|19\d\d)\b(?![/-])")
_MOVE_WORDS = re.compile(r"\b(?:sign for|signed for|join\w*|move to|from)\b")


def is_biography(clause_folded: str, published_year: int | None) -> bool:
    if BIOGRAPHY_CUE.found(clause_folded):
        return True
    # A year is "19.." or "20..": without those digits there is none to read.
    if published_year is not None and ("19" in clause_folded or "20" in clause_folded):
        for y in _YEAR.findall(clause_folded):
            if int(y) < published_year:
                return True
    return False


def context_ok(trigger: Trigger, clause_folded: str, sentence_folded: str) -> bool:
    ctx = trigger.context
    if ctx is None or ctx in ("club_subject", "player_subject", "current"):
        return True
    if ctx == "contract":
        return CONTRACT_CONTEXT_CUE.found(sentence_folded)
    if ctx == "contract_new":
        return CONTRACT_NEW_CUE.found(clause_folded) and not _MOVE_WORDS.search(clause_folded)
    if ctx == "transfer":
        return not TRANSFER_BLOCK_CUE.found(clause_folded)
    return True


def selling_stance(clause_folded: str) -> bool:
    return SELLING_STANCE_CUE.found(clause_folded)


def passing(folded: str, lo: int, p: PlayerRef) -> bool:
    return _PASSING_CUE.found(folded[max(lo, p.start - 40) : p.start])
