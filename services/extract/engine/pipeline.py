"""The public entry point: `extract(article) -> list[ExtractedClaim]`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from typing import Any

from services.extract.engine import rules
from services.extract.engine.certainty import (
    GENERIC_SOURCES,
    certainty_of,
    find_source,
    same_outlet,
)
from services.extract.engine.coref import resolve_references, salient_player
from services.extract.engine.cues import (
    CONFIRMED,
    CONTRACT_CONTEXT_CUE,
    TRIGGER_ANCHORS,
    TRIGGER_LEADS,
    TRIGGER_REACH,
    TRIGGERS,
    UNNAMED_CLUBS,
    UNNAMED_CLUBS_CUE,
    Gated,
    Trigger,
)
from services.extract.engine.merge import strongest
from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.engine.normal import decap_headlines, fold
from services.extract.engine.people import PersonMention, find_people
from services.extract.engine.resources import gazetteer, registry
from services.extract.engine.rules import CONTRACT_KINDS, ClubRef, DocContext, PlayerRef
from services.extract.engine.sentences import Span, split_clauses, split_sentences

# A claim as found: what it says, its sentence, source, certainty, details and timeframe.
_Raw = tuple[rules.RawClaim, Span, str | None, str, dict[str, object], str | None]
# (player, kind, club, polarity, sentence start) -> (its clause's text, its deal type).
_Origins = dict[tuple[str, str, str | None, str, int], tuple[str, str | None]]

# Bounded work per article, whatever comes in.
MAX_TEXT = 60_000
MAX_SENTENCES = 400
MAX_CLAIMS = 300

_normalise_timeframe: Callable[..., str | None] | None
_extract_details: Callable[..., dict[str, object]] | None
try:
    from services.extract.engine.timeframes import normalise_timeframe as _nt

    _normalise_timeframe = _nt
except Exception:  # the timeframe module is optional: claims then carry none
    _normalise_timeframe = None
try:
    from services.extract.engine.details import extract_details as _ed

    _extract_details = _ed
except Exception:
    _extract_details = None

_HEADING = re.compile(r"^(?:THE )?[A-Z][A-Z '&.-]{2,40}$")
_KNOWN_HEADING_WORDS = re.compile(
    r"\b(?:MIRROR|MAIL|SUN|TIMES|TELEGRAPH|GUARDIAN|EXPRESS|RECORD|INDEPENDENT|STAR|"
    r"ATHLETIC|STANDARD|OBSERVER|POST|METRO|I|MARCA|AS|SPORT|BILD|KICKER|GAZZETTA|"
    r"CORRIERE|TUTTOSPORT|L'EQUIPE|MUNDO)\b"
)


_NOT_A_CLUB_AFTER = re.compile(
    r"\s+(?:director|directors|chief|editor|reporter|correspondent|journalist|news|"
    r"newspaper|website|daily|journal)\b",
    re.IGNORECASE,
)
_OUTLET_BEFORE = re.compile(r"\b[Tt]he\s+$")
_OUTLET_WORDS = frozenset({"Athletic", "Independent", "Sun", "Times", "Standard", "Star", "Record"})
# Contract claims that show a player's own club (signing a contract may be a transfer).
_OWN_CLUB_KINDS = frozenset(
    {
        "contract_expiring",
        "contract_talks",
        "contract_offer",
        "contract_agreement_near",
        "contract_offer_rejected",
        "contract_talks_stalled",
    }
)
_OWNER_STANCE = re.compile(
    r"^\s*(?:,\s*who\s+)?(?:are\s+|were\s+|have\s+|had\s+|initially\s+)*"
    r"(?:(?:believed|thought|said|understood|reported)\s+to\s+)?(?:have\s+)?"
    r"(?:want|wants|wanted|demand|demands|demanding|placed|put|slapped|value|valued|"
    r"are demanding|set)\b(?:\s+(?:a|an|the)\s+)?[^.;]{0,25}?(?:£|€|\$|price|fee|valuation)"
)
_GENERIC_ANTECEDENT = re.compile(r"\b(?:a|any|every|no) (?:[\w-]+ )?(?:player|footballer)\s*,?\s*$")
_ANY_PLAYER = re.compile(r"\b(?:any|every|no|other|all) (?:of (?:the|their) )?players?\b")
_A_CLUB = re.compile(
    r"\b(?:a|an|another) (?!number\b|host\b|couple\b)[\w-]+ (?:[\w-]+ )?(?:club|side|outfit)\b"
)
_A_CLUB_CUE = Gated(_A_CLUB, ("club", "side", "outfit"))  # one ends every _A_CLUB match


def _unnamed_club(folded: str, lo: int, hi: int) -> bool:
    """An unnamed suitor in folded[lo:hi]: "interest from several clubs", "a huge bid
    from a Saudi club". The slice only serves the pre-checks: the patterns search the
    text itself, and so see what surrounds the window, as before."""
    window = folded[lo:hi]
    if UNNAMED_CLUBS_CUE.may_match(window) and UNNAMED_CLUBS.search(folded, lo, hi):
        return True
    return _A_CLUB_CUE.may_match(window) and _A_CLUB.search(folded, lo, hi) is not None


_THEY = re.compile(r"\b(?:they|them|their)\b")
_HYPOTHETICAL = re.compile(r"\b(?:whether|if)\b(?![^.;]{0,30}\bthen\b)")


def _hypothetical(folded: str, lo: int, hi: int) -> bool:
    """_HYPOTHETICAL in folded[lo:hi]; it needs "if" or "whether", which `in` tests
    rule out far faster than the scan."""
    window = folded[lo:hi]
    if "if" not in window and "whether" not in window:
        return False
    return _HYPOTHETICAL.search(folded, lo, hi) is not None


_SUITOR_CUE_BEFORE = re.compile(
    r"\b(?:by|to|join|joining|joined|for|interest from|bid from|offer from|move to)\s+"
    r"(?:the\s+)?$"
)
_GAP_POSSESSIVE = re.compile(r"['’]s?\s+|\s+")
_OF_AT = re.compile(r"^\s+(?:of|at)\s+(?:the\s+)?")
_SALE = re.compile(r"\b(?:sale|sold|sell|selling|offload\w*|let go)\b")


def _title(s: str) -> str:
    return " ".join(w.capitalize() if w not in ("THE",) else "The" for w in s.split())


def _roundup_headings(text: str, sentences: list[Span]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for s in sentences:
        t = s.text.strip()
        if len(t) <= 40 and _HEADING.match(t) and _KNOWN_HEADING_WORDS.search(t):
            out.append((s.start, _title(t)))
    return out


_QUOTE_CHARS = re.compile(r"[\u201c\u201d\"\n]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside double quotes (straight or curly), within a paragraph."""
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_CHARS.finditer(text):
        i = m.start()
        ch = m.group()
        if ch == "\n":
            if open_at >= 0:
                spans.append((open_at, i))
            open_at = -1
        elif open_at < 0 and ch != "\u201d":
            open_at = i
        elif open_at >= 0 and ch != "\u201c":
            spans.append((open_at, i))
            open_at = -1
        elif ch == "\u201c":
            open_at = i
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return spans


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e + 1 for s, e in spans)


def _resolve_clubs(text: str) -> list[ClubRef]:
    mentions = gazetteer().find(text)
    names = Counter(m.club for m in mentions if getattr(m, "form", "name") in ("name", "alias"))
    out: list[ClubRef] = []
    for m in mentions:
        club = m.club
        cands = tuple(getattr(m, "candidates", ()) or ())
        if len(cands) > 1:
            present = [c for c in cands if names.get(c)]
            if present:
                club = max(present, key=lambda c: names[c])
            elif getattr(m, "form", "name") == "description":
                continue  # "the Spanish giants" with no named candidate: unknown club
        if getattr(m, "form", "name") == "stadium" and not club:
            continue
        if _NOT_A_CLUB_AFTER.match(text, m.end) or (
            m.surface in _OUTLET_WORDS and _OUTLET_BEFORE.search(text, max(0, m.start - 4), m.start)
        ):
            continue  # "Sporting director", "The Athletic's": words, not clubs
        out.append(ClubRef(m.start, m.end, club, str(getattr(m, "form", "name"))))
    return out


def _doc_context(
    folded: str,
    clubs: list[ClubRef],
    people: list[PersonMention],
    subject_after: dict[int, bool],
) -> DocContext:
    ctx = DocContext()
    # The article's home club: named often, as the players' club ("Liverpool defender",
    # "Liverpool's"), rarely as a suitor ("coveted by Real Madrid", "a move to Madrid").
    counts: Counter[str] = Counter()
    for c in clubs:
        counts[c.club] += 1
        after = folded[c.end : c.end + 40]
        before = folded[max(0, c.start - 25) : c.start]
        if rules._POSITION_AFTER.match(after) or after.startswith(("'s", "’s")):
            counts[c.club] += 2
        if _SUITOR_CUE_BEFORE.search(before):
            counts[c.club] -= 1
    if counts:
        ctx.dominant_club = counts.most_common(1)[0][0]
    acting: Counter[str] = Counter(c.club for c in clubs if subject_after[c.end])
    if acting:
        ctx.acting_club = acting.most_common(1)[0][0]
    reg = registry()
    # Only a club named outright tells a player's club ("Liverpool defender Konate");
    # nicknames ("Blues striker") are too ambiguous for that.
    named = sorted((c for c in clubs if c.form in ("name", "alias")), key=lambda c: c.end)
    named_ends = [c.end for c in named]
    by_start = {c.start: c for c in clubs}
    for p in people:
        if not p.is_player:
            continue
        # "Liverpool defender Ibrahima Konate" / "Benfica's Argentinian midfielder Enzo"
        lo = bisect_left(named_ends, p.start - 45)
        hi = bisect_right(named_ends, p.start)
        for c in named[lo:hi]:
            gap = folded[c.end : p.start]
            if rules._POSITION_AFTER.match(gap + " ") or _GAP_POSSESSIVE.fullmatch(gap):
                ctx.current_club.setdefault(p.name, c.club)
        # "Tijjani Reijnders of AC Milan"
        m = _OF_AT.match(folded[p.end : p.end + 40])
        if m and (p.end + m.end()) in by_start:
            ctx.current_club.setdefault(p.name, by_start[p.end + m.end()].club)
    looked_up: set[str] = set()  # a name mentioned again is not looked up again
    for p in people:
        if p.is_player and p.name not in ctx.registry_club and p.name not in looked_up:
            looked_up.add(p.name)
            known = reg.lookup(p.name)
            club = getattr(known, "club", None) if known is not None else None
            if club:
                ctx.registry_club[p.name] = club
    return ctx


@functools.cache
def _anchor_index() -> tuple[Any, list[list[int]], list[int]]:
    """One automaton over all trigger anchors: anchor index -> triggers it enables."""
    import ahocorasick_rs

    words: list[str] = []
    enables: list[list[int]] = []
    always: list[int] = []
    seen: dict[str, int] = {}
    for ti, anchors in enumerate(TRIGGER_ANCHORS):
        if not anchors:
            always.append(ti)
        for a in anchors:
            if a not in seen:
                seen[a] = len(words)
                words.append(a)
                enables.append([])
            enables[seen[a]].append(ti)
    return ahocorasick_rs.AhoCorasick(words), enables, always


# Per trigger: the trigger, its lead and its reach (see cues.TRIGGER_LEADS).
_TRIGGER_SCAN = tuple(zip(TRIGGERS, TRIGGER_LEADS, TRIGGER_REACH, strict=True))


def _trigger_matches(
    folded: str, sentences: list[Span]
) -> dict[int, list[tuple[Trigger, int, int]]]:
    """Trigger matches of the article, grouped by sentence index. One Aho-Corasick pass
    finds the anchors; a trigger's regex runs only on the sentences holding its anchor,
    and only on the stretch where a match holding such an anchor can be."""
    ac, enables, always = _anchor_index()
    starts = [s.start for s in sentences]
    anchors: dict[int, list[tuple[int, int]]] = {}  # sentence -> (anchor, start) found
    for idx, a_start, _ in ac.find_matches_as_indexes(folded, overlapping=True):
        si = bisect_right(starts, a_start) - 1
        if si >= 0 and a_start < sentences[si].end:
            anchors.setdefault(si, []).append((idx, a_start))
    out: dict[int, list[tuple[Trigger, int, int]]] = {}
    for si in sorted(anchors):
        sent = sentences[si]
        places: dict[int, list[int]] = {}  # trigger -> starts of its anchors in the sentence
        for idx, a in anchors[si]:
            for ti in enables[idx]:
                places.setdefault(ti, []).append(a)
        found: list[tuple[Trigger, int, int]] = []
        for ti in sorted({*places, *always}):
            trig, lead, reach = _TRIGGER_SCAN[ti]
            at = places.get(ti)
            lo, hi = sent.start, sent.end
            if at is not None:
                # Every match holds an anchor: none starts more than `lead` before the
                # first one or after the last, and the regex reads at most `reach` past
                # a start.
                if lead is not None:
                    lo = max(lo, min(at) - lead)
                if reach is not None:
                    hi = min(hi, max(at) + reach)
                if lead == 0:
                    # Its matches start at its anchors: try there only, as finditer
                    # would (in order, none overlapping the match before).
                    done = lo
                    for a in sorted(set(at)):
                        if a >= done and (m := trig.pattern.match(folded, a, hi)) is not None:
                            found.append((trig, a, m.end()))
                            done = m.end()
                    continue
            for m in trig.pattern.finditer(folded, lo, hi):
                found.append((trig, m.start(), m.end()))
        if found:
            out[si] = _dedupe_matches(found)
    return out


def _dedupe_matches(found: list[tuple[Trigger, int, int]]) -> list[tuple[Trigger, int, int]]:
    """Overlapping matches of triggers that would make the same claim ("bid" inside
    "made a bid") are one: the longest is kept. Order of first occurrence is kept."""
    if len(found) < 2:
        return found
    kept: list[tuple[Trigger, int, int]] = []
    for trig, ts, te in sorted(found, key=lambda m: (m[1], -(m[2] - m[1]))):
        same = (trig.kind, trig.club, trig.weak, trig.polarity, trig.certainty, trig.context)
        if any(
            (k.kind, k.club, k.weak, k.polarity, k.certainty, k.context) == same
            and ks < te
            and ts < ke
            for k, ks, ke in kept
        ):
            continue
        kept.append((trig, ts, te))
    return kept


def _span_slice(spans: list[Any], starts: list[int], lo: int, hi: int) -> list[Any]:
    i = bisect_left(starts, lo)
    j = bisect_right(starts, hi - 1)
    return spans[i:j]


class RuleExtractor:
    """The rule-based extractor (see interface.Extractor)."""

    name = "rules"

    def extract(self, article: ArticleInput) -> list[ExtractedClaim]:
        return extract(article)


def extract(article: ArticleInput) -> list[ExtractedClaim]:
    """Claims of one article. Never raises on any text; bounded work per article."""
    try:
        return _extract(article)
    except Exception:  # last resort: one odd article must not stop a stream
        return []


def _extract(article: ArticleInput) -> list[ExtractedClaim]:
    text = article.text if isinstance(article.text, str) else ""
    text = text[:MAX_TEXT]
    if not text.strip():
        return []
    folded = fold(text)
    published = article.published_date
    pub_year = published.year if published else None
    sentences = split_sentences(text)[:MAX_SENTENCES]
    sentence_starts = [s.start for s in sentences]
    # Names and clubs are read on a copy where all-caps headlines are in title case.
    proper, headline_spans = decap_headlines(text)
    clubs = _resolve_clubs(proper)
    if not clubs:
        return []  # football news names clubs: without one it is another sport or no news
    club_starts = [c.start for c in clubs]
    people = find_people(
        proper,
        folded,
        [(c.start, c.end) for c in clubs],
        registry(),
        headline_spans=headline_spans,
    )
    people_starts = [p.start for p in people]
    # Whether a verb follows a club (it is a subject), by the club's end: asked again
    # and again below, worked out once.
    subject_after = {
        c.end: rules._SUBJECT_AFTER.match(folded[c.end : c.end + 60]) is not None for c in clubs
    }
    ctx = _doc_context(folded, clubs, people, subject_after)
    headings = _roundup_headings(text, sentences)
    heading_starts = [h[0] for h in headings]
    quotes = _quoted_spans(text)
    person_kind = {p.surface: p.is_player for p in people}
    outlet = article.outlet

    raw: list[_Raw] = []
    all_matches = _trigger_matches(folded, sentences)
    # "Manchester United had placed a £45m price tag on him": the club naming its price
    # owns the player, wherever in the article it says so.
    for owner in clubs:
        if _OWNER_STANCE.match(folded[owner.end : owner.end + 60]):
            si = bisect_right(sentence_starts, owner.start) - 1
            if si < 0:
                continue
            osent = sentences[si]
            owned = [p.name for p in _span_slice(people, people_starts, osent.start, osent.end)]
            owned += [
                r.player
                for r in resolve_references(folded, osent.start, osent.end, people, people_starts)
            ]
            for name in owned:
                ctx.current_club.setdefault(name, owner.club)
    origin: _Origins = {}
    bio_cache: dict[int, bool] = {}
    roles_cache: dict[tuple[int, int], dict[int, str]] = {}
    # Triggers of one clause test the same windows and players again: once is enough.
    selling_cache: dict[tuple[int, int], bool] = {}
    passing_cache: dict[tuple[int, int], bool] = {}

    def is_passing(lo: int, p: PlayerRef) -> bool:
        key = (lo, p.start)  # all rules.passing reads of the text
        got = passing_cache.get(key)
        if got is None:
            got = passing_cache[key] = rules.passing(folded, lo, p)
        return got

    for si, sent in enumerate(sentences):
        ctx.sentence_index = si
        pronoun_club = ctx.last_subject_club
        for c in _span_slice(clubs, club_starts, sent.start, sent.end):
            if subject_after[c.end]:
                ctx.last_subject_club = c.club
        matches = all_matches.get(si)
        if not matches:
            continue
        s_fold = folded[sent.start : sent.end]
        clauses = split_clauses(sent)
        context_cache: dict[tuple[int, str | None], bool] = {}
        located = []
        strong_spans: list[tuple[int, int, int]] = []
        contract_spans: list[tuple[int, int, int]] = []
        for trig, ts, te in matches:
            clause = next((c for c in clauses if c.start <= ts < c.end), sent)
            c_fold = folded[clause.start : clause.end]
            ckey2 = (clause.start, trig.context)
            ok = context_cache.get(ckey2)
            if ok is None:
                ok = context_cache[ckey2] = rules.context_ok(trig, c_fold, s_fold)
            if not ok:
                continue
            located.append((trig, ts, te, clause, c_fold))
            if trig.kind != "transfer_completed" and not trig.kind.startswith("contract_"):
                strong_spans.append((clause.start, ts, te))
            elif trig.kind.startswith("contract_") and trig.kind != "contract_extended":
                contract_spans.append((clause.start, ts, te))
        if not located:
            continue  # no trigger fits its context: the sentence has nothing to say
        s_people: list[PersonMention] = _span_slice(people, people_starts, sent.start, sent.end)
        s_clubs: list[ClubRef] = _span_slice(clubs, club_starts, sent.start, sent.end)
        refs = resolve_references(folded, sent.start, sent.end, people, people_starts)
        players = [PlayerRef(p.start, p.end, p.name, True) for p in s_people if p.is_player]
        non_players = [p for p in s_people if not p.is_player]
        ref_players = [
            PlayerRef(r.start, r.end, r.player, False)
            for r in refs
            if not any(p.start <= r.start < p.end for p in s_people)
        ]
        hi = bisect_right(heading_starts, sent.start) - 1
        roundup_source = headings[hi][1] if hi >= 0 else None
        attribution: list[tuple[str | None, bool]] = []  # filled once, when first needed
        cert_cache: dict[tuple[int, int, str], str] = {}
        nobody = not players and not ref_players
        explicit: list[PlayerRef] | None = None  # the sentence's players, once needed
        for trig, ts, te, clause, c_fold in located:
            if nobody and trig.weak:
                continue  # a bare movement verb with nobody to move
            if trig.kind == "transfer_approach" and any(
                cs == clause.start and ss <= te and ts <= se for cs, ss, se in contract_spans
            ):
                continue  # "no breakthrough in talks": the talks are the contract's
            weak_over = contract_spans if trig.kind == "contract_extended" else strong_spans
            if trig.weak and any(
                cs == clause.start and ss - 60 <= te and ts <= se + 60 for cs, ss, se in weak_over
            ):
                # "made an offer to sign him": the offer is the news; "rejected an offer
                # of a new contract": the rejection is.
                continue
            if trig.kind.startswith("transfer_") or trig.kind == "player_wants_exit":
                around = (max(clause.start, ts - 60), min(clause.end, te + 60))
                selling = selling_cache.get(around)
                if selling is None:
                    selling = selling_cache[around] = rules.selling_stance(
                        folded[around[0] : around[1]]
                    )
                if selling:
                    continue
            if c_fold.startswith(("who ", "that ")) and _GENERIC_ANTECEDENT.search(
                folded, max(sent.start, clause.start - 40), clause.start
            ):
                continue  # "a player who wants to leave": nobody in particular
            if _hypothetical(folded, max(clause.start, ts - 30), ts):
                continue  # "whether to trigger the clause", "if Marseille were to move him"
            if clause.start not in bio_cache:
                bio_cache[clause.start] = rules.is_biography(c_fold, pub_year)
            if bio_cache[clause.start]:
                continue
            cands = [p for p in players if clause.start <= p.start < clause.end]
            if not cands and c_fold.startswith(("who ", "which ")):
                # "Luis Diaz, who is set to leave for Bayern": the name before "who".
                before_who = [p for p in s_people if clause.start - 4 <= p.end <= clause.start]
                if before_who and not before_who[-1].is_player:
                    continue  # "a replacement for Bissouma, who ...": not this story's player
                cands = [p for p in players if clause.start - 4 <= p.end <= clause.start]
            subject_refs = [
                p
                for p in ref_players
                if clause.start <= p.start < ts and not folded.startswith("his", p.start)
            ]
            if cands and subject_refs and subject_refs[0].start < cands[0].start:
                # "The Liverpool captain is out of contract alongside Salah": the
                # description is the subject, the names after it come along.
                cands = [subject_refs[0], *cands]
            if not cands:
                cands = [p for p in ref_players if clause.start <= p.start < clause.end]
            if not cands:
                # Nearest player of the sentence, the trigger's clause having none.
                pool = players or ref_players
                if pool:
                    cands = [min(pool, key=lambda p: abs(p.start - ts))]
            if not cands and not players and not trig.weak and not _ANY_PLAYER.search(c_fold):
                # "That offer was rejected": a sentence naming nobody continues the story
                # of the player the text is about.
                name = None
                prev = si - 1
                if (
                    prev >= 0
                    and sentences[prev].end > sent.start - 3
                    and "\n" not in text[sentences[prev].end : sent.start]
                ):
                    # The sentence just before, in the same paragraph, named one player:
                    # "Villa have turned down two offers from the Gunners" goes on with him.
                    named = {
                        p.name
                        for p in _span_slice(
                            people, people_starts, sentences[prev].start, sentences[prev].end
                        )
                        if p.is_player
                    }
                    if len(named) == 1:
                        name = named.pop()
                if name is None:
                    name = salient_player(
                        ts, people, people_starts, 1500, recency_bonus=0.5, near_wins=False
                    )
                if name is None:
                    nxt = bisect_left(people_starts, sent.end)
                    while nxt < len(people) and not people[nxt].is_player:
                        nxt += 1
                    if nxt < len(people) and people[nxt].start - sent.end < 300:
                        name = people[nxt].name
                if name is not None:
                    cands = [PlayerRef(ts, ts, name, False)]
            cands = [p for p in cands if not is_passing(clause.start, p)]
            if explicit is None:
                explicit = [p for p in players if not is_passing(sent.start, p)]
            cands = rules.pick_players(folded, cands, ts, te, explicit)
            if trig.anchor == "join" and any(0 <= p.start - te <= 2 for p in players):
                continue  # "will join Mikel Merino": joining a person is no move
            if any(n.start <= ts < n.end + 30 for n in non_players) and not cands:
                continue
            if not cands:
                continue
            names: list[str] = []
            for p in cands:
                if p.name not in names:
                    names.append(p.name)
            c_clubs = [c for c in s_clubs if clause.start <= c.start < clause.end]
            scope_clubs = c_clubs or s_clubs
            antecedent = None
            if c_fold.startswith(("who ", "which ")):
                # "Atletico, who have also agreed to sign ...": the club before "who" acts.
                antecedent = next(
                    (c for c in s_clubs if clause.start - 4 <= c.end <= clause.start), None
                )
                if antecedent is not None and antecedent not in scope_clubs:
                    scope_clubs = [antecedent, *c_clubs]
            rkey = (clause.start, len(scope_clubs))
            if rkey not in roles_cache:
                roles_cache[rkey] = rules.club_roles(
                    folded, scope_clubs, [*players, *ref_players], sent.start
                )
            roles = dict(roles_cache[rkey])
            if antecedent is not None:
                roles[antecedent.start] = "subject"
            if trig.context == "player_right_after" and not any(
                0 <= p.start - te <= 2 for p in players
            ):
                continue
            if (
                trig.context == "current"
                and not CONTRACT_CONTEXT_CUE.found(c_fold)
                and any(
                    roles[c.start] in ("suitor", "dest", "with") and c.club != ctx.dominant_club
                    for c in scope_clubs
                )
            ):
                continue  # "turned down two offers from the Gunners": a transfer, not a contract
            if trig.context in ("club_subject", "player_subject", "club_right_before"):
                before_ents = [(c.end, "club") for c in scope_clubs if c.end <= ts] + [
                    (p.end, "player")
                    for p in (*players, *ref_players)
                    if clause.start <= p.start and p.end <= ts
                ]
                last = max(before_ents, default=None)
                if trig.context == "club_right_before":
                    if last is None or last[1] != "club" or ts - last[0] > 12:
                        continue
                elif last is None or last[1] != trig.context.split("_")[0]:
                    continue
            polarity = trig.polarity
            if trig.negatable and rules.negated(folded, clause.start, ts, te):
                polarity = "denied" if polarity == "affirmed" else "affirmed"
            for name in names:
                current = ctx.current_club.get(name)
                they = None
                if not any(clause.start <= c.start < ts for c in scope_clubs):
                    if _THEY.search(folded, clause.start, ts):
                        they = pronoun_club
                    elif c_fold.startswith("and ") and clause is not clauses[0]:
                        # "They have signed X and have agreed a fee for Y": the second
                        # verb shares the first one's subject.
                        first = folded[sent.start : clause.start]
                        subj = [
                            c for c in s_clubs if c.end <= clause.start and subject_after[c.end]
                        ]
                        if subj:
                            they = subj[0].club
                        elif _THEY.match(first.lstrip()):
                            they = pronoun_club
                club_list = _clubs_for(
                    trig,
                    name,
                    folded,
                    scope_clubs,
                    roles,
                    ts,
                    te,
                    current,
                    ctx,
                    polarity == "denied",
                    they,
                )
                if club_list is None:
                    continue
                for club in club_list:
                    rc = rules.RawClaim(name, trig.kind, club, polarity, trig, ts, te, clause)
                    # The trigger's own words ("close to an agreement") are the kind,
                    # not a hedge: only what precedes it can hedge.
                    hedge_end = ts if trig.kind == "contract_agreement_near" else te
                    window = folded[clause.start : hedge_end]
                    quoted = _inside(quotes, ts, te)
                    if not attribution:
                        attribution.append(
                            _attribution(text, folded, sent, person_kind, outlet, roundup_source)
                        )
                    source, self_cited = attribution[0]
                    ckey = (ts, te, trig.kind)
                    cached = cert_cache.get(ckey)
                    if cached is not None:
                        cert = cached
                    else:
                        cert = cert_cache[ckey] = certainty_of(
                            window=window,
                            sentence_folded=s_fold,
                            forced=trig.certainty,
                            quoted=quoted,
                            source=source,
                            self_cited=self_cited,
                            roundup=roundup_source is not None,
                            clause_folded=c_fold,
                            factual=trig.kind == "contract_expiring",
                        )
                    details: dict[str, object] = {}
                    tf: str | None = None
                    # Details and timeframe are worked out after merging, for the claims
                    # kept only: remember where they come from.
                    origin.setdefault(
                        (name, trig.kind, club, polarity, sent.start),
                        (clause.text, trig.deal_type),
                    )
                    src = source if cert in ("rumoured", "speculative", "confirmed") else None
                    if cert == "confirmed" and src is None:
                        src = _principal(
                            folded,
                            sent,
                            s_people,
                            s_clubs,
                            quotes,
                            quoted,
                            name,
                            club,
                            trig.kind,
                        )
                    raw.append((rc, sent, src, cert, details, tf))
                    if trig.kind.startswith("transfer_") and club:
                        ctx.last_suitor[name] = (club, si)
            if len(raw) >= MAX_CLAIMS:
                break
    # A player's own club is never his suitor: contract claims tell which club that is.
    own: dict[str, set[str]] = {}
    for rc, _, _, cert, _, _ in raw:
        if (
            rc.kind in _OWN_CLUB_KINDS
            and rc.club
            and rc.club == ctx.dominant_club
            and rc.polarity == "affirmed"
            and cert != "speculative"
        ):
            own.setdefault(rc.player, set()).add(rc.club)
    for name, club in ctx.current_club.items():
        own.setdefault(name, set()).add(club)
    raw = [
        r
        for r in raw
        if not (
            r[0].kind.startswith("transfer_")
            and r[0].club is not None
            and r[0].club in own.get(r[0].player, ())
        )
    ]
    raw = _departures_to_named_destinations(raw, origin)
    claims = [
        ExtractedClaim(
            player=rc.player,
            kind=rc.kind,
            club=rc.club,
            polarity=rc.polarity,
            certainty=cert,
            source=src,
            timeframe=tf,
            details=details,
            evidence_text=sent.text,
            evidence_start=sent.start,
            evidence_end=sent.end,
            position=i,
        )
        for i, (rc, sent, src, cert, details, tf) in enumerate(raw)
    ]
    # The claims are made anew below, with their details: merge without copying them.
    merged = strongest(claims)
    details_cache: dict[tuple[str, str], dict[str, object]] = {}
    tf_cache: dict[tuple[str, str], str | None] = {}
    out: list[ExtractedClaim] = []
    for position, c in enumerate(merged):
        clause_text, deal_type = origin.get(
            (c.player, c.kind, c.club, c.polarity, c.evidence_start), (c.evidence_text, None)
        )
        dkey = (clause_text, c.kind)
        if dkey not in details_cache:
            details_cache[dkey] = _details(clause_text, c.kind)
        details = dict(details_cache[dkey])
        if deal_type and "deal_type" not in details:
            details["deal_type"] = deal_type
        if dkey not in tf_cache:
            tf_cache[dkey] = _timeframe(clause_text, published, c.kind)
        tf = tf_cache[dkey]
        # All fields spelt out: dataclasses.replace is slow for what it does here.
        out.append(
            ExtractedClaim(
                c.player,
                c.kind,
                c.club,
                c.polarity,
                c.certainty,
                c.source,
                tf,
                details,
                c.evidence_text,
                c.evidence_start,
                c.evidence_end,
                position,
            )
        )
    return out


def _principal(
    folded: str,
    sent: Span,
    s_people: list[PersonMention],
    s_clubs: list[ClubRef],
    quotes: list[tuple[int, int]],
    quoted: bool,
    player: str,
    club: str | None,
    kind: str,
) -> str | None:
    """Who confirms: the speaker of an on-record quote, or the club that announces."""
    if quoted:
        speakers = [p for p in s_people if not _inside(quotes, p.start, p.end)]
        if speakers:
            return speakers[0].name
        return player if kind.startswith("player_") else (club or player)
    m = CONFIRMED.search(folded, sent.start, sent.end)
    if m is not None and s_clubs:
        near = min(s_clubs, key=lambda c: abs(c.start - m.start()))
        return near.club
    return club


_TRAILING_OUTLET = re.compile(r"\s*\(([A-Z][\w'’ .&-]{1,40})\)")


def _attribution(
    text: str,
    folded: str,
    sent: Span,
    person_kind: dict[str, bool],
    outlet: str | None,
    roundup: str | None,
) -> tuple[str | None, bool]:
    """(source, outlet cites itself) of a sentence. A round-up's heading, or the
    "(Daily Mail)" that closes a gossip item, names the outlet when the sentence gives
    only "reports" or nothing."""
    source = find_source(sent.text, person_kind, folded[sent.start : sent.end])
    self_cited = same_outlet(source, outlet)
    if self_cited:
        source = None
    tail = _TRAILING_OUTLET.match(text, sent.end, sent.end + 50)
    if tail and (source is None or source in GENERIC_SOURCES):
        source = tail.group(1)
    if roundup and (source is None or source in GENERIC_SOURCES):
        source = roundup
    return source, self_cited


# Kinds whose club is where the player goes, strongest first (spec: the suitor club).
_DESTINATION_KINDS = (
    "transfer_completed",
    "transfer_pre_contract",
    "transfer_medical",
    "transfer_terms_agreed",
    "transfer_fee_agreed",
)


def _departures_to_named_destinations(raw: list[_Raw], origin: _Origins) -> list[_Raw]:
    """A departure with no destination in its sentence ("his impending departure") is the
    claim of the club the article names as where the player goes, elsewhere (spec: "when
    the article names where he goes, it is that club's claim instead"): dropped when that
    move is a claim already, with its own evidence; else it takes the club. `origin`
    follows the claims."""
    going: dict[str, tuple[int, str]] = {}
    for rc, *_ in raw:
        if rc.club and rc.polarity == "affirmed" and rc.kind in _DESTINATION_KINDS:
            rank = _DESTINATION_KINDS.index(rc.kind)
            if rc.player not in going or rank < going[rc.player][0]:
                going[rc.player] = (rank, rc.club)
    out: list[_Raw] = []
    for r in raw:
        rc, sent = r[0], r[1]
        if rc.kind == "transfer_completed" and rc.club is None and rc.player in going:
            rank, club = going[rc.player]
            if rank == 0 and rc.polarity == "affirmed":
                continue  # the move to that club is a claim with its own evidence
            found = origin.get((rc.player, rc.kind, None, rc.polarity, sent.start))
            if found is not None:
                origin.setdefault((rc.player, rc.kind, club, rc.polarity, sent.start), found)
            r = (dataclasses.replace(rc, club=club), *r[1:])
        out.append(r)
    return out


def _clubs_for(
    trig: Any,
    name: str,
    folded: str,
    clubs: list[ClubRef],
    roles: dict[int, str],
    ts: int,
    te: int,
    current: str | None,
    ctx: DocContext,
    denied: bool = False,
    they: str | None = None,
) -> list[str | None] | None:
    """Clubs of the claim (one claim each); None when the claim should not be made."""
    kind = trig.kind
    if kind in CONTRACT_KINDS or trig.club == "current":
        if current:
            return [current]
        rank = {"current": 0, "seller": 1, "subject": 2, "neutral": 3, "dest": 4}
        suitors_here = {c.club for c in clubs if roles[c.start] == "suitor"}
        here = sorted(
            (c for c in clubs if roles[c.start] in rank and c.club not in suitors_here),
            key=lambda c: rank[roles[c.start]],
        )
        if here:
            return [here[0].club]
        return [ctx.dominant_club or ctx.registry_club.get(name)]
    if trig.club == "none":
        return [None]
    if trig.club == "after_over":
        over = [
            c.club
            for c in clubs
            if c.start >= te and folded[max(0, c.start - 5) : c.start].endswith("over ")
        ]
        return list(over) if over else None
    if trig.club == "dest_required":
        # "Caicedo wants Chelsea": the club is the very object of the verb.
        obj: list[str | None] = [
            c.club for c in clubs if 0 <= c.start - te <= 2 and c.club != current
        ]
        return obj[:1] or None
    if trig.club == "dest":
        dest = rules.destinations(folded, clubs, roles, te, current)
        if dest:
            return list(dest)
        return [None]
    if trig.club == "object_after":
        # "Tottenham set to trump rivals Chelsea to Simons": the club beaten is the loser.
        obj = [c.club for c in clubs if te <= c.start <= te + 40 and c.club != current]
        return [obj[0]] if obj else None
    if trig.club == "after_to":
        after: list[str | None] = [
            c.club for c in clubs if c.start >= te - 3 and roles[c.start] == "dest"
        ]
        return after[:1] or None
    if _SALE.search(folded, ts, te):
        # "United have completed the sale of Greenwood to Marseille": the subject sells.
        roles = {k: ("seller" if v == "subject" else v) for k, v in roles.items()}
    if not any(
        ts - 80 <= c.start <= te + 80 and roles[c.start] not in ("current", "seller", "opponent")
        for c in clubs
    ) and _unnamed_club(folded, max(0, ts - 60), te + 60):
        # "interest from several clubs", "a huge bid from a Saudi club": unnamed.
        return [None]
    if they is not None and they != current:
        # "They have completed the signing of ...": the club "they" stands for acts;
        # a club named after "with" is then the other party.
        named = [
            c.club
            for c in clubs
            if roles[c.start] in ("suitor", "dest") and c.club not in (current, they)
        ]
        return [named[0]] if named else [they]
    if kind == "transfer_bid_rejected":
        # "snub the advances and join United": the club he joins is not the one whose
        # approach he rejected.
        joined = {c.start for c in clubs if "join" in folded[max(0, c.start - 25) : c.start]}
        roles = {k: ("current" if v == "dest" and k in joined else v) for k, v in roles.items()}
    found = rules.suitors(folded, clubs, roles, ts, current)
    if found:
        return list(found)
    if trig.club == "acquire":
        # "have been signed already this summer": the buyer is the club the article is about.
        last = ctx.recent_suitor(name)
        if last:
            return [last]
        if ctx.acting_club and ctx.acting_club != current:
            return [ctx.acting_club]
        return None
    if kind == "transfer_completed":
        return [None if trig.weak else ctx.recent_suitor(name)]
    last = ctx.recent_suitor(name)
    if last:
        return [last]
    if kind in ("transfer_interest",) or denied:
        return [None]
    return None


def _details(clause: str, kind: str) -> dict[str, object]:
    if _extract_details is None:
        return {}
    try:
        return dict(_extract_details(clause, kind=kind))
    except Exception:  # a details bug must not lose the claim
        return {}


def _timeframe(sentence: str, published: dt.date | None, kind: str) -> str | None:
    if _normalise_timeframe is None or published is None:
        return None
    try:
        return _normalise_timeframe(sentence, published, kind=kind)
    except Exception:
        return None
