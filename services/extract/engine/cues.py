# ruff: noqa: E501  (a lexicon: one trigger per line reads better than wrapped regexes)
"""Lexicons of football-news language: triggers per claim kind, negation, attribution,
hedges. All patterns run on folded text (lower case, no accents, straight quotes)."""

from __future__ import annotations

import re
import re._parser as _sre_parser  # type: ignore[import-not-found]
from dataclasses import dataclass
from typing import Any


class Gated:
    """A regex and words one of which each of its matches holds. A text holding none of
    them cannot match: one Aho-Corasick pass (a fraction of a microsecond) tells so,
    where the regex would try every position of the text."""

    __slots__ = ("_words", "pattern")

    def __init__(self, pattern: re.Pattern[str], words: tuple[str, ...]) -> None:
        import ahocorasick_rs

        self.pattern = pattern
        self._words: Any = ahocorasick_rs.AhoCorasick(list(words))

    @classmethod
    def by_anchors(cls, pattern: re.Pattern[str]) -> Gated:
        """Gated by the pattern's own anchors (see `_anchors`)."""
        words = _anchors(pattern)
        if not words or pattern.flags & re.IGNORECASE:
            raise ValueError(f"no anchors to gate {pattern.pattern[:40]!r}")
        return cls(pattern, words)

    def may_match(self, text: str) -> bool:
        return bool(self._words.find_matches_as_indexes(text))

    def found(self, text: str) -> bool:
        return self.may_match(text) and self.pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    pattern: re.Pattern[str]
    anchor: str  # a literal that must occur in the folded sentence: a cheap pre-filter
    polarity: str = "affirmed"
    certainty: str | None = None  # forced certainty (e.g. "here we go" is reported)
    club: str = "auto"  # auto | none (no club) | dest (destination only, else none)
    context: str | None = None  # "contract": needs contract words; "transfer": must lack them
    negatable: bool = True
    deal_type: str | None = None
    # A weak trigger (a bare movement verb: "join", "move to", "sign") gives way to any
    # more specific transfer trigger of the same clause ("made an offer to sign him").
    weak: bool = False


_TRIGGERS: list[Trigger] = []


def _t(kind: str, anchor: str, pattern: str, **opts: object) -> None:
    _TRIGGERS.append(Trigger(kind, re.compile(pattern, re.ASCII), anchor, **opts))  # type: ignore[arg-type]


_CLUBLIKE = r"(?:[\w'.&-]+ ){0,4}?"

# ---- contract ---------------------------------------------------------------------
_t("contract_expiring", "out of cont", r"\bout of contr?act\b")
_t(
    "contract_expiring",
    "expir",
    r"\b(?:deal|deals|contract|contracts)\b[^.;]{0,40}?\bexpir(?:e|es|ing|y)\b",
)
_t("contract_expiring", "expir", r"\bexpir(?:e|es|ing)\b[^.;]{0,25}\bcontract")
_t(
    "contract_expiring",
    "run",
    r"\b(?:deal|contract)\b[^.;]{0,20}\bruns? (?:out|until|down|through)\b",
)
_t("contract_expiring", "run down", r"\brun(?:ning)? down (?:his|their|the) contract\b")
_t(
    "contract_expiring",
    "final",
    r"\b(?:final|last) (?:year|\d+ months|twelve months|six months|months|few months)\b(?: \w+){0,2} (?:of )?(?:his|their|the|a) (?:\w+ )?(?:contract|deal)\b",
)
_t(
    "contract_expiring",
    "",
    r"\b(?:a|one|two|three|\d+|\w+) (?:years?|months?) (?:left|remaining) on (?:his|their|the|a) (?:\w+ )?(?:contract|deal)\b",
)
_t(
    "contract_expiring",
    "remaining",
    r"\b(?:years?|months?) remaining on (?:his|their|the) contract\b",
)
_t("contract_expiring", "left", r"\b(?:years?|months?) left\b")
_t(
    "contract_expiring",
    "",
    r"\b(?:has|with|on) (?:a |his |their )?(?:long )?(?:contract|deal) (?:until|to|through|which runs until|running until)\b",
)
_t("contract_expiring", "valid until", r"\bcontract\b[^.;]{0,30}\b(?:is valid|runs) until\b")
_t("contract_expiring", "end contract", r"\bend (?:their |his )?contracts? in\b")
_t("contract_expiring", "free agent", r"\bfree agent\b")
_t("contract_expiring", "pre-contract", r"\bdiscuss pre-contract\b")

_t(
    "contract_talks",
    "talk",
    r"\b(?:contract|extension|renewal|new deal|new contract) (?:talks|negotiations|discussions)\b",
)
_t(
    "contract_talks",
    "",
    r"\b(?:talks|negotiations|discussions|conversations?)\b[^.;]{0,30}\b(?:new (?:deal|contract)|extension|extending|renewal|contract|future)\b",
    context="contract",
)
_t("contract_talks", "talk", r"\bin talks\b", context="contract")
_t(
    "contract_talks",
    "discussion",
    r"\bdiscussions (?:are |have )?(?:ongoing|been started|continue|with the right)",
    context=None,
)
_t("contract_talks", "conversation", r"\b(?:good conversation|conversations continue)\b")
_t("contract_talks", "in the works", r"\b(?:contract )?extensions? (?:are |is )?in the works\b")
_t("contract_talks", "agree terms", r"\btry(?:ing)? to agree (?:new )?terms\b")
_t("contract_talks", "get close", r"\btaken longer to get close\b")
_t("contract_talks", "negotiat", r"\bnegotiations\b", context="contract")

_t(
    "contract_offer",
    "offer",
    r"\boffer(?:ed)? (?:him |the \w+ |the \w+-\w+ )?(?:a |an )?(?:new|improved|fresh|bumper|lucrative|contract|extension)\b(?: \w+)?(?: deal| contract| extension)?",
    context="current",
)
_t("contract_offer", "offer", r"\bcontract offers?\b", context="current")
_t("contract_offer", "on the table", r"\boffer (?:has been |is |was )?on the table\b")

_t(
    "contract_offer_rejected",
    "",
    r"\b(?:rejected|rebuffed|turned down|snubbed|refused to sign|refused|declined|rejecting)\b[^.;]{0,40}\b(?:contract|extension|new deal|renewal|offers?|approach)\b",
    context="current",
)

_t(
    "contract_agreement_near",
    "close to",
    r"\bclose to (?:an |a )?(?:agreement|agreeing(?! a fee)|new deal|new contract|extension|signing a new)\b",
    context="current",
)
_t("contract_agreement_near", "breakthrough", r"\bbreakthrough\b", context="contract")
_t(
    "contract_agreement_near",
    "no breakthrough",
    r"\bno breakthrough in (?:contract |the )?(?:talks|negotiations)\b",
    polarity="denied",
    negatable=False,
)
_t("contract_agreement_near", "closer than", r"\bcloser than (?:people|ever|expected)\b")
_t("contract_agreement_near", "nearing", r"\bnearing (?:a |an )?(?:new deal|agreement|extension)\b")

_t(
    "contract_extended",
    "",
    r"\b(?:signed|signs|sign|signing|penned|pens|pen|agreed|put pen to paper on|handed|inked)\b (?:a |his |the |an |their )?(?:new |fresh )?(?:long-term |lucrative |bumper |improved )?(?:[\w-]+-year |one-year |two-year )?(?:new |contract )?(?:contract|deal|extension)\b(?! with (?:the )?(?:new|his new))",
    context="contract_new",
)
_t(
    "contract_extended",
    "extend",
    r"(?<!over )(?<!about )(?<!to )\bextend(?:ed|s|ing)?\b (?:his|her|their|the) (?:deal|contract|stay)\b",
)
_t(
    "contract_extended",
    "extension",
    r"\b(?:contract )?extension\b",
    context="contract_new",
    weak=True,
)
_t("contract_extended", "renew", r"\b(?:renewed|renew|renewal|renewing)\b")
_t("contract_extended", "new deal", r"\bnew deals?\b", context="contract_new", weak=True)
_t("contract_extended", "new contract", r"\bnew contract\b", context="contract_new", weak=True)
_t("contract_extended", "commit", r"\bcommit(?:s|ted|ting)? (?:his |their |her )?futures?\b")
_t(
    "contract_extended",
    "continuing his stay",
    r"\bcontinu(?:e|ing) his stay\b",
    certainty="speculative",
)
_t("contract_extended", "tying himself", r"\b(?:tying|tied|ties) himself\b")

_t(
    "contract_talks_stalled",
    "",
    r"\b(?:talks|negotiations)\b[^.;]{0,20}\b(?:stalled|broken down|broke down|hit the buffers|hit a (?:snag|stumbling block)|dragged on|collapsed|reached an impasse|deadlock)",
    context="current",
)

# ---- transfer -------------------------------------------------------------------------
_INTEREST = [
    r"\binterest(?:s|ed)?\b(?! of (?:the|their|his|its|both|all)\b)",
    r"\b(?:transfer |top |number one |main |key |priority )?targets?\b",
    r"\btargeting\b",
    r"\btrack(?:ed|ing|s)?\b",
    r"\bmonitor(?:ed|ing|s)?\b",
    r"\bscout(?:ed|ing)\b",
    r"\bkeen to (?:sign|lure|land|bring|secure|add)\b",
    r"\beye(?:ing|d)?\b",
    r"\blinked\b(?! with a (?:move|switch|transfer) away)",
    r"\blinks? with\b",
    r"\bconsider(?:ing|ed)? (?:a |an )?(?:sensational |shock |surprise )?(?:move|bid|approach|swoop|signing|offer)\b",
    r"\bweighing up\b",
    r"\bcovet(?:ed|ing|s)?\b",
    r"\bon (?:their|the|his|its) radar\b",
    r"\bshortlist",
    r"\bpursu(?:ing|it|e|ed)\b",
    r"\bchas(?:ing|e)\b",
    r"\bcourt(?:ing|ed)\b",
    r"\bin the market for\b",
    r"\bready to (?:make|launch|move|test|rival|pounce|step up)\b",
    r"\bmake (?:their|a|his|its) move for\b",
    r"\bstarted work on\b",
    r"\bswoop\b",
    r"\battention (?:from|of)\b",
    r"\battracted (?:attention|interest)\b",
    r"\badmire(?:rs|d|s)?\b",
    r"\bsuitors?\b",
    r"\bprepared to pay\b",
    r"\bwilling to pay\b",
    r"\bfresh attempt\b",
    r"\bto spend on\b",
    r"\bidentified\b",
    r"\baiming to add\b",
    r"\bwant(?:s|ed)? to (?:sign|bring|land|lure|add)\b",
    r"\bwanted to bring in\b",
    r"\bworking on (?:acquiring|signing|a deal|a move)\b",
    r"\bcompeting\b[^.;]{0,30}\bsignature\b",
    r"\bmake a move\b",
    r"\b(?:plotting|planning|preparing|lining up|mulling|considering|eyeing up|readying) (?:a |an )?(?:[\w£€$.-]+ )?(?:move|bid|swoop|offer|approach|raid)\b",
    r"\bin the running\b",
    r"\bunder consideration\b",
]
_t("transfer_interest", "keen on", r"\bkeen on\b", context="club_subject")
# "Manchester United and Chelsea also like Semenyo", "Rennes want Glen Kamara".
_t(
    "transfer_interest",
    "",
    r"\b(?:like|likes|admire|admires|love|loves|want|wants|wanted)\b(?= [a-z])",
    context="club_right_before",
)
for _p in _INTEREST:
    _t("transfer_interest", "", _p, context="transfer")

_APPROACH = [
    r"\b(?:made|make|making|submit(?:ted)?|table[d]?|put in|putting in|lodg(?:e|ed)|launch(?:ed)?|sent|send|place[d]?|tabling|submitting)\b[^.;]{0,40}?\b(?:bid|offer|proposal|approach)s?\b",
    r"\bbids?\b(?! (?:for|to win) (?:a |the |an )?(?:[\w-]+ ){0,5}(?:title|trophy|treble|crown|place|spot|glory|win|victory|promotion|league|cup)s?\b)",
    r"\b(?:formal |opening |initial |improved |fresh |loan |first |second |third |new |record |club-record |official )(?:offer|proposal)s?\b",
    r"\boffers?\b(?: of| worth| for| from)",
    r"\bbids? from\b",
    r"[£€$][\d.,]+\s?(?:m|million|bn)? (?:bid|offer|proposal)s?\b",
    r"\bapproach(?:ed|es)?\b",
    r"\benquir(?:y|ies|ed)\b",
    r"\binquir(?:y|ies|ed)\b",
    r"\bopened talks\b",
    r"\bopen talks\b",
    r"\b(?:in|held|holding|hold|continuing|continue|had|advanced|advancing) talks\b",
    r"\btalks (?:are |have )?(?:advancing|accelerated|ongoing|progressing)\b",
    r"\btalks (?:with|over|for|about|regarding)\b",
    r"\bnegotiat(?:ions|ing|ed)\b",
    r"\bmade contact\b",
    r"\bcontacted\b",
    r"\b(?:green light|permission) to (?:speak|talk|hold talks|negotiate)\b",
    r"\btried for\b",
    r"\btried to sign\b",
    r"\bspoken to\b",
    r"\bconcrete steps\b",
    r"\bin a bid to sign\b",
    r"\bsale of\b[^.;]{0,60}\bwith\b",
]
for _p in _APPROACH:
    _t("transfer_approach", "", _p, context="transfer")
_t(
    "transfer_approach",
    "offered a contract",
    r"\boffered (?:a |an )?(?:\w+-year |five-year |four-year )?contract by\b",
)

_REJECT = r"(?:rejected|rejects?|rejecting|turned down|turn down|turns down|turning down|refused|refusal to accept|refusing|dismissed|rebuffed|rebuffing|rebuff|snub(?:bed|s)?|knocked back|declined)"
_t(
    "transfer_bid_rejected",
    "",
    rf"\b{_REJECT}\b[^.;]{{0,50}}\b(?:bids?|offers?|approach(?:es)?|proposals?|advances|interest|move|payment|enquiry)\b",
    context="transfer",
)
_t(
    "transfer_bid_rejected",
    "",
    rf"\b(?:bids?|offers?|approach(?:es)?|proposals?)\b[^.;]{{0,60}}\b(?:was|were|been|being|is) {_REJECT}\b",
    context="transfer",
)
_t("transfer_bid_rejected", "refused to budge", r"\brefused to budge\b")
_t(
    "transfer_bid_rejected",
    "over",
    r"\b(?:choose|chose|chosen|choosing|picked|picking|prefer(?:red)?) (?:them|\w+(?: \w+)?) over\b",
    club="after_over",
)
_t("transfer_bid_rejected", "snub", r"\bsnub(?:bed)? the advances\b")
_t("transfer_bid_rejected", "four offers", r"\btook them (?:\w+) offers\b")

_t(
    "transfer_fee_agreed",
    "agree",
    r"\bagreed? (?:an? |the )?(?:initial |potential |fee |deal )?(?:[^\s]*[£€$][\d.,]+\s?(?:m|million|bn|billion)?\s|club-record |record |british record |bundesliga record |potential club-record |\w+ )?(?:\(.{0,15}\) )?(?:fee|sale|price|transfer fee)\b",
)
_t(
    "transfer_fee_agreed",
    "agree",
    r"\bagreed (?:a |an |the )?(?:deal|terms) (?:to sign|for|with)\b",
    context="club_subject",
)
_t(
    "transfer_fee_agreed",
    "agree",
    r"\bagreed to (?:sign|buy|pay|let him go|let (?:him|the player) leave|loan|an? )\b",
    context="club_subject",
)
_t("transfer_fee_agreed", "agree", r"\bagreed to an? [^;]{0,25}?\bdeal\b", context="club_subject")
_t("transfer_fee_agreed", "agree", r"\bagreed on a (?:temporary|loan|permanent) (?:move|deal)\b")
_t(
    "transfer_fee_agreed",
    "",
    r"\b(?:reached|reach|reaching|struck|strike|have|had|has) (?:an |a |the )?(?:\w+ )?(?:agreement|deal) (?:with|in principle|in place|for the transfer|for|on(?! personal)|between)\b",
    context="transfer",
)
_t(
    "transfer_fee_agreed",
    "agreement",
    r"\b(?:reached|reach|reaching) (?:an )?agreement\b",
    context="transfer",
)
_t("transfer_fee_agreed", "agreement", r"\bagreement (?:has been |was |had been )?reached\b")
_t(
    "transfer_fee_agreed",
    "agreement",
    r"\bno (?:club-to-club )?agreement\b",
    negatable=False,
    polarity="denied",
)
_t(
    "transfer_fee_agreed",
    "agreement",
    r"\b(?:transfer|loan|club-to-club) agreement\b",
    context="transfer",
)
_t(
    "transfer_fee_agreed",
    "agreed",
    r"\b(?:deal|fee|transfer|sale) (?:has been |was |had been |now )?(?:now )?agreed\b",
)
_t("transfer_fee_agreed", "agreed", r"\bagreed between the two clubs\b")
_t(
    "transfer_fee_agreed",
    "accept",
    r"\baccept(?:ed|s)? (?:a |an |the |their |his |its )?(?:[^\s.;]+ ){0,4}?(?:bid|offer|proposal)s?\b",
)
_t("transfer_fee_agreed", "accepted by", r"\b(?:bid|offer)[^.;]{0,30}\baccepted by\b")
_t(
    "transfer_fee_agreed",
    "clause",
    r"\b(?:trigger(?:ed|s|ing)?|activat(?:ed|e|es|ing)|meet|met|pay|paid|paying)\b[^.;]{0,60}?\b(?:release|exit|buyout|buy-out) (?:clause|fee)\b",
)
_t(
    "transfer_fee_agreed",
    "clause",
    r"\b(?:trigger(?:ed|s|ing)?|activat(?:ed|e|ing))\b[^.;]{0,30}\bclause\b",
)
_t("transfer_fee_agreed", "clause", r"\bclause will be met\b")
_t("transfer_fee_agreed", "match", r"\bmatch\b[^.;]{0,20}\basking price\b")
_t(
    "transfer_fee_agreed",
    "",
    r"\b(?:closing in on|closing on|close to|nearing|edging closer to) (?:an |a )?(?:agreement|deal|fee) with\b",
    certainty="speculative",
)
_t("transfer_fee_agreed", "will pay", r"\bwill pay (?:a |an )?(?:fee|initial|[£€$])")

_t(
    "transfer_terms_agreed",
    "terms",
    r"\b(?:agreed|accepted|settled|agree|agreeing)\b (?:to |on )?(?:personal )?terms\b",
)
_t("transfer_terms_agreed", "terms", r"\bpersonal terms?\b")
_t("transfer_terms_agreed", "agreed to join", r"\bagreed to join\b")
_t("transfer_terms_agreed", "agreed to a move", r"\bagreed to a move\b")
_t(
    "transfer_terms_agreed",
    "agree",
    r"\b(?:has|have|had|having) (?:already )?agreed (?:a |an |to a |to an )?(?:[\w-]+[ -])?(?:deal|contract)\b",
    context="player_subject",
)
_t("transfer_terms_agreed", "agree", r"\bagreed a deal to sign\b")
_t("transfer_terms_agreed", "deal", r"\bdeal between the two parties is done\b")

_t("transfer_pre_contract", "pre-contract", r"\bpre-contract (?:agreement|deal)\b")

_t("transfer_medical", "medical", r"\bmedicals?\b")

_DEPART = "dest"
_t("transfer_completed", "here we go", r"\bhere we go\b", certainty="reported")
_t(
    "transfer_completed",
    "",
    r"\b(?:completed|complete|completes|completing|sealed|seal|seals|finali[sz]ed|finali[sz]e|finali[sz]ing|wrapped up|concluded|confirm(?:ed|s)?|announc(?:ed|es|ing)|secure[ds]?|securing)\b (?:the |his |a |their |its |her )?(?:\w+ ){0,3}?(?:move|signing|transfer|deal|switch|sale|loan|arrival|services)\b",
)
_t("transfer_completed", "sign", r"\bsign(?:ed|s|ing)? for\b", weak=True)
_t(
    "transfer_completed",
    "sign",
    r"\b(?:will|to|would) sign\b(?! (?:a |his |the )?(?:new|contract))",
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "sign",
    r"\b(?:has|have|had|were|was|been|already) (?:been )?signed\b",
    context="transfer",
    club="acquire",
    weak=True,
)
_t(
    "transfer_completed",
    "sign",
    r"\bsignings?\b(?! (?:spree|of the))",
    context="transfer",
    club="acquire",
    weak=True,
)
_t(
    "transfer_completed",
    "join",
    r"\bjoin(?:s|ed|ing)?\b(?! up with| a list| the race| in\b| forces| the club in)",
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "mov",
    r"\bmov(?:e|es|ed|ing) (?:from [^.;]{0,40} )?to\b",
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "move",
    r"\bmove (?:away|abroad)\b",
    context="transfer",
    club=_DEPART,
    weak=True,
)
_t("transfer_completed", "", r"\b(?:transfer|switch|move) to\b", context="transfer", weak=True)
_t("transfer_completed", "head", r"\bhead(?:ing|ed|s)? (?:to|for)\b", context="transfer", weak=True)
_t("transfer_completed", "way to", r"\bon (?:the|his) way to\b", weak=True)
_t("transfer_completed", "verge", r"\bon the verge of\b", certainty="speculative")
_t(
    "transfer_completed",
    "close to",
    r"\bclose to (?:joining|signing|completing|a move|a deal|sealing)\b",
    certainty="speculative",
)
_t(
    "transfer_completed",
    "closing",
    r"\bclosing (?:in )?on\b(?! an agreement| a fee)",
    certainty="speculative",
    context="transfer",
)
_t(
    "transfer_completed",
    "poised",
    r"\bpoised to (?:sign|re-sign|join|complete|seal|land)\b",
    certainty="speculative",
)
_t("transfer_completed", "favourite", r"\bfavourites? (?:to|for)\b", certainty="speculative")
_t("transfer_completed", "pole position", r"\bpole position\b", certainty="speculative")
_t("transfer_completed", "leaders in the race", r"\bleaders in the race\b", certainty="speculative")
_t("transfer_completed", "snap", r"\bsnap(?:ping|ped|s)? up\b", club="acquire")
_t(
    "transfer_completed",
    "bring",
    r"\b(?:brought in|bring in|bringing in)\b",
    context="transfer",
    club="acquire",
    weak=True,
)
_t(
    "transfer_completed",
    "",
    r"\b(?:getting|landing|capturing|snaring|recruiting)\b",
    club="acquire",
    context="player_right_after",
    weak=True,
)
_t("transfer_completed", "re-sign", r"\bre-sign\b", club="acquire")
_t("transfer_completed", "arriv", r"\barrivals?\b", club="acquire", weak=True)
_t("transfer_completed", "addition", r"\b(?:latest|new|newest) (?:addition|recruit|arrival)\b")
_t("transfer_completed", "acqui", r"\bacquir(?:e|ed|ing)\b", club="acquire", weak=True)
_t(
    "transfer_completed",
    "loan",
    r"\b(?:on|a|initial) (?:\w+-month |\w+-year |season-long )?loan\b",
    deal_type="loan",
    context="transfer",
    weak=True,
)
_t("transfer_completed", "loaned", r"\bloaned out\b", deal_type="loan", club=_DEPART)
_t(
    "transfer_completed",
    "permanent",
    r"\bmade permanent\b|\bmaterialise into a permanent\b",
    deal_type="permanent",
    club="acquire",
)
_t("transfer_completed", "done", r"\bdone deal\b|\bdeal (?:is )?done\b")
_t("transfer_completed", "unveil", r"\bunveiled\b", certainty="speculative")
_t(
    "transfer_completed",
    "",
    r"\b(?:sold|sell|selling|sale of|offload(?:ing|ed)?|let go of|releas(?:ed|ing)(?: the)?)\b",
    club=_DEPART,
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "depart",
    r"\bdepart(?:ure|s|ed|ing)?\b",
    club=_DEPART,
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "",
    r"\b(?:leave|leaving)\b(?!-)",
    club=_DEPART,
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "left",
    r"\b(?:has|have|had) left\b(?!-)|\bleft (?=the club\b|for\b|on a free\b|on loan\b|as a free\b)",
    club=_DEPART,
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "exit",
    r"\bexit\b(?! clause)",
    club=_DEPART,
    context="transfer",
    weak=True,
)
_t(
    "transfer_completed",
    "away",
    r"\blinked with (?:a )?(?:move|switch|transfer) away\b",
    club=_DEPART,
    certainty="rumoured",
)
_t("transfer_completed", "sans", r"\bsans\b", club=_DEPART, certainty="speculative")
_t("transfer_completed", "life", r"\blife (?:after|without)\b", club=_DEPART, weak=True)
_t("transfer_completed", "final appearance", r"\bfinal appearance for\b", club=_DEPART)
_t("transfer_completed", "lost", r"\bhas lost\b", club=_DEPART, weak=True)
_t("transfer_completed", "follow", r"\bfollow(?:ed)?\b[^.;]{0,40}\bto\b", weak=True)
_t(
    "transfer_completed",
    "no chance",
    r"\bno chance of (?:a|the) (?:deal|move|transfer)\b",
    polarity="denied",
    negatable=False,
)
_t(
    "transfer_completed",
    "set to stay",
    r"\b(?:set|expected|likely|going) to stay\b",
    polarity="denied",
    negatable=False,
    club="none",
    certainty="speculative",
)
_t(
    "transfer_completed",
    "unaware",
    r"\bunaware of any transfer\b",
    polarity="denied",
    negatable=False,
)
_t("transfer_completed", "not done", r"\bnot done yet\b", polarity="denied", negatable=False)
_t(
    "transfer_collapsed",
    "",
    r"\b(?:trump(?:ed|s)?|beat(?:en|s)?|pip(?:ped|s)?|edge(?:d|s)? out)\b(?= (?:[\w-]+ ){0,3}?[a-z])",
    club="object_after",
    context="transfer",
)
_t(
    "transfer_completed",
    "out on",
    r"\b(?:missed|misses|miss|lost|lose|loses) out on\b[^.;]{0,60}?\bto\b",
    club="after_to",
)
_t("transfer_completed", "hijack", r"\bhijack(?:ed|s)?\b")

_t(
    "transfer_collapsed",
    "",
    r"\b(?:collapsed|fallen through|fell through|falls through|called off|broken down|broke down|pull(?:ed)? out|withdr(?:ew|awn)|walked away|ended (?:their|its) interest|switched (?:their |its )?focus|(?:missed|misses|miss|lost|lose|loses) out(?! on (?:clinching |winning |the chance )?(?:the |a )?(?:[\w-]+ )?(?:title|league|trophy|cup|crown|treble|top))|pulled the plug|pull the plug|at risk|in jeopardy|decided against|(?:is|be|now) off\b|failed (?:in )?(?:their|its|his|a) (?:bid|attempt|pursuit)|failed pursuit|attempt to land [^.;]{0,40} has failed)",
    context="transfer",
)

# ---- stance -----------------------------------------------------------------------
_t(
    "player_wants_exit",
    "",
    r"\bwant(?:s|ed)? (?:to (?:leave|join|move|go|play for|quit|depart|test)|a move|an exit|out)\b",
    club=_DEPART,
)
_t(
    "player_wants_exit",
    "",
    r"\b(?:asked|wish(?:es|ed)?|desire|eager|determined|pushing|itching|desperate) (?:to (?:leave|join|move|go)|for a move)\b",
    club=_DEPART,
)
_t(
    "player_wants_exit",
    "keen",
    r"\bkeen (?:on (?:the idea of|a move|joining|moving)|to (?:move|join|test|leave|play))\b",
    club=_DEPART,
)
_t("player_wants_exit", "transfer request", r"\btransfer request\b", club=_DEPART)
_t(
    "player_wants_exit",
    "open to",
    r"\bopen to (?:a move|joining|leaving|new opportunities|an exit|the idea)\b",
    club=_DEPART,
)
_t(
    "player_wants_exit",
    "decided",
    r"\bdecided (?:on \w+ )?to (?:[^.;]{0,40}? and )?(?:join|leave|move|start a new chapter|quit)\b",
    club=_DEPART,
)
_t(
    "player_wants_exit",
    "cho",
    r"\b(?:has chosen|chose|choose|chosen|choosing)\b(?! not| to (?:extend|stay|remain|commit|sign a new|renew))",
    club=_DEPART,
)
_t(
    "player_wants_exit",
    "prefer",
    r"\b(?:preference|would prefer|prefers) (?:was |is )?(?:a move|to join|to move)\b",
    club=_DEPART,
)
_t("player_wants_exit", "only wanted", r"\bonly want(?:s|ed)?\b", club=_DEPART)
_t("player_wants_exit", "", r"\b(?:given|gave|give) (?:the )?(?:final )?nod\b", club=_DEPART)
_t(
    "player_wants_exit",
    "",
    r"\b(?:given|gave|give) (?:the )?(?:final )?green light\b(?! to (?:speak|talk))",
    club=_DEPART,
)
_t("player_wants_exit", "intention to", r"\bintention to (?:join|leave|move)\b", club=_DEPART)
_t("player_wants_exit", "", r"\b(?:love|admiration) (?:for|of)\b", club=_DEPART)
_t("player_wants_exit", "sights", r"\bsights on a move\b", club=_DEPART)
_t("player_wants_exit", "idea of", r"\blike the idea of a move\b", club=_DEPART)
_t("player_wants_exit", "leaning", r"\bleaning towards\b", club=_DEPART)
_t("player_wants_exit", "intrigue", r"\bintrigue[sd]? him\b", club=_DEPART)
_t("player_wants_exit", "mind", r"\b(?:mind is made|made up his mind)\b", club=_DEPART)
_t("player_wants_exit", "ready to leave", r"\bready to (?:leave|quit|depart)\b", club=_DEPART)
_t("player_wants_exit", "next club", r"\bdecide (?:upon|on) his next club\b", club=_DEPART)
_t(
    "player_wants_exit",
    "encouraged",
    r"\bencouraged\b[^.;]{0,30}\bto (?:put in|make|submit|place) (?:a |an )?(?:bid|offer)\b",
)
_t("player_wants_exit", "changed his tune", r"\bchanged his tune\b", club=_DEPART)
_t("player_wants_exit", "new chapter", r"\bstart a new chapter\b", club=_DEPART)
_t(
    "player_wants_exit",
    "unconvinced",
    r"\bunconvinced by the prospect\b",
    polarity="denied",
    negatable=False,
)
_t("player_wants_exit", "want to move", r"\bwant to move\b", club=_DEPART)
_t("player_wants_exit", "dream", r"\bdream (?:move|of (?:joining|playing))\b", club=_DEPART)
_t("player_wants_exit", "want", r"\bwant(?:s|ed)?\b(?= [a-z])", club="dest_required")
_t(
    "player_wants_exit",
    "best solution",
    r"\btransfer (?:will|would) be the best solution\b",
    club="none",
)

_t(
    "player_wants_stay",
    "",
    r"\b(?:happy|want(?:s|ed)?|wish(?:es)?|keen|committed|determined|intends?|plans?) (?:to )?(?:stay|remain)\b",
    club="current",
)
_t(
    "player_wants_stay",
    "commit",
    r"\bcommit(?:s|ted|ting)? (?:his |their |her )?futures?\b",
    club="current",
)
_t("player_wants_stay", "not finished", r"\bnot finished here\b", club="current", negatable=False)
_t("player_wants_stay", "another", r"\blooking forward to another\b", club="current")

TRIGGERS: tuple[Trigger, ...] = tuple(_TRIGGERS)

# ---- context and modifiers --------------------------------------------------------
CONTRACT_CONTEXT = re.compile(
    r"\b(?:contract|contracts|new deal|extension|extend(?:s|ed|ing)? (?:his|her|the|their) "
    r"(?:contract|deal|stay)|renew\w*|new terms|his future|"
    r"stay at|keep (?:him|the \w+)|expir\w*)\b"
)
CONTRACT_NEW = re.compile(
    r"\b(?:new|fresh|long-term|extension|extend\w*|renew\w*|until 20\d\d|"
    r"through 20\d\d|to 20\d\d)\b"
)
TRANSFER_BLOCK = re.compile(
    r"\b(?:new (?:[\w-]+ ){0,2}(?:deal|contract)|contract (?:talks|extension|offer)|extension|renew\w*|"
    r"extend(?:s|ed|ing)? (?:his|her|the|their) (?:contract|deal|stay))\b"
)

# "interest from several clubs": a suitor nobody names.
UNNAMED_CLUBS = re.compile(
    r"\b(?:\d+|several|many|a number of|other|top|multiple|various|some|more|few|"
    r"numerous|a host of) (?:more |other |top |big |european |premier league )?"
    r"(?:clubs|sides|suitors|teams)\b|\b(?:interest|offers?|bids?|suitors) from (?:abroad|overseas|"
    r"elsewhere|across europe)\b"
)
NEGATION = re.compile(
    r"\b(?:not|no|never|yet to|unlikely|without|nothing|none|neither|nor|unaware|"
    r"failed to|rather than|instead of|denied|deny|won't|cannot|can't)\b|n't\b"
)

# A club's stance on selling is no claim (claims.md): such clauses are skipped.
SELLING_STANCE = re.compile(
    r"\b(?:not for sale|no intention of (?:selling|cashing|letting|parting)|willing to "
    r"(?:offload|sell|let)|prepared to (?:sell|let)|open to (?:selling|offers)|will not "
    r"stand in the way|won't stand in the way|sanction an exit|cash in|cashing in|"
    r"not disposed to selling|who to sell|whether to sell|asking price|no reason to|no need to|"
    r"(?:reluctant|unwilling|refuse|refusing|not willing|no plans) to (?:sell|let him go|part)|"
    r"did not need to|price tag|valuation|want £|want €|"
    r"demanding|seeking a higher fee|cut their losses|surplus to requirements|"
    r"desperate not to lose|keen to sell|keen to avoid|desperate to keep|"
    r"decided to sell|looking to sell|will not let|"
    r"won't let|could not stop|cannot stop|can't stop)"
)

# Past-window biography: "who joined from Southampton in 2018", "since joining".
BIOGRAPHY = re.compile(
    r"\b(?:since (?:joining|signing|arriving|his (?:arrival|move))|after joining|"
    r"who (?:joined|signed|arrived|moved)\b|(?:when|after) (?:he )?(?:joined|signed|"
    r"arrived)|previous (?:contract|deal)|previously (?:worked|played)|came through|"
    r"spent last season on loan|former|ex-|world-record move|last summer|last year|"
    r"earlier in his career|back in|"
    # Earlier deals named for comparison: "trailing only X's move to PSG", "the £30m the
    # club received for the sale of X", "following the arrivals of X and Y".
    r"trailing only|(?:received|got|banked) for (?:the sale of|selling)|"
    r"following the arrivals of)"
)

SPECULATIVE = re.compile(
    r"\b(?:set to|set for|expected|could|can|may|might|would|will|shall|'ll|likely|unlikely|"
    r"poised|close to|closing in|closing on|on the verge|in line to|hope|hopes|hoping|"
    r"hopeful|plans? to|planning|preparing|ready to|favourites|pole position|should|"
    r"potential(?:ly)?|possible|possibility|if|tipped|edging closer|nearing|due to|"
    r"going to|is to|are to|looks? set|looks? likely|on course|every chance|points? "
    r"towards|signs? point|confident|expect|expects|seems|appear set|appears set|"
    r"in pole|heading for|increasingly likely|poised to|aiming to)\b"
)
RUMOURED = re.compile(
    r"\b(?:reportedly|reported|reports?|according to|understood|understands|believed|"
    r"thought to|said to|claim|claims|claimed|sources?|rumou?r(?:s|ed)?|linked|"
    r"suggest(?:s|ed|ions)?|is said|are said|it is understood|per|via|tipped|"
    r"as reported by|it emerged|emerged that|known to)\b"
)
CONFIRMED = re.compile(
    r"\b(?:confirmed|confirms|announced|announces|announcement|statement|can confirm|"
    r"club website|official website|officially (?:confirmed|announced|completed|joined))\b"
)


# ---- anchors: literals one of which every match of a trigger must contain ------------
# Derived from the parsed patterns, so that one Aho-Corasick pass over an article tells
# which triggers can match at all; the others are never run.
def _literal_sets(items: Any) -> set[str] | None:
    """A set of literals one of which any match of the sequence contains, or None."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(cands: set[str] | None) -> None:
        nonlocal best
        if not cands:
            return
        if best is None or min(map(len, cands)) >= min(map(len, best)):
            best = cands

    def flush() -> None:
        if run:
            consider({"".join(run)})
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg))
            continue
        if name == "AT":  # \b and friends match no character: the run goes on
            continue
        flush()
        if name == "SUBPATTERN":
            consider(_literal_sets(arg[-1]))
        elif name == "BRANCH":
            alts = [_literal_sets(a) for a in arg[1]]
            if all(alts):
                consider(set().union(*alts))  # type: ignore[arg-type]
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] >= 1:
            consider(_literal_sets(arg[2]))
    flush()
    if best is not None and min(map(len, best)) < 3:
        return None
    return best


def _lead(items: Any, state: Any) -> tuple[set[str] | None, int | None]:
    """`_literal_sets` of the sequence (chosen the same way), with how far from the start
    of a match the anchor it holds can begin (None: unbounded)."""
    best: set[str] | None = None
    best_at: int | None = None
    run: list[str] = []
    run_at: int | None = 0
    offset: int | None = 0  # the longest the items so far can be

    def consider(cands: set[str] | None, at: int | None) -> None:
        nonlocal best, best_at
        if not cands:
            return
        if best is None or min(map(len, cands)) >= min(map(len, best)):
            best, best_at = cands, at

    def flush() -> None:
        if run:
            consider({"".join(run)}, run_at)
            run.clear()

    def plus(inner: int | None) -> int | None:
        return None if offset is None or inner is None else offset + inner

    for item in items:
        name = str(item[0])
        arg = item[1]
        if name == "LITERAL":
            if not run:
                run_at = offset
            run.append(chr(arg))
        elif name != "AT":  # \b and friends match no character: the run goes on
            flush()
            if name == "SUBPATTERN":
                consider(*_lead_inner(arg[-1], state, plus))
            elif name == "BRANCH":
                alts = [_lead(a, state) for a in arg[1]]
                if all(s for s, _ in alts):
                    ats = [a for _, a in alts]
                    at = None if None in ats else max(a for a in ats if a is not None)
                    consider(set().union(*(s for s, _ in alts if s)), plus(at))
            elif name in ("MAX_REPEAT", "MIN_REPEAT") and arg[0] >= 1:
                consider(*_lead_inner(arg[2], state, plus))
        width = _sre_parser.SubPattern(state, [item]).getwidth()[1]
        offset = None if offset is None or width >= 10_000 else offset + width
    flush()
    if best is not None and min(map(len, best)) < 3:
        return None, None
    return best, best_at


def _lead_inner(items: Any, state: Any, plus: Any) -> tuple[set[str] | None, int | None]:
    found, at = _lead(items, state)
    return found, plus(at)


def _anchor_lead(pattern: re.Pattern[str]) -> int | None:
    """How far into a match the trigger's anchor (see `_anchors`) can start at most."""
    try:
        parsed = _sre_parser.parse(pattern.pattern)
        found, at = _lead(list(parsed), parsed.state)
    except Exception:
        return None
    if not found or tuple(sorted(found)) != _anchors(pattern):
        return None  # not the anchors the automaton looks for: no bound
    return at


def _anchors(pattern: re.Pattern[str]) -> tuple[str, ...]:
    try:
        parsed = _sre_parser.parse(pattern.pattern)
    except Exception:  # unparsable here: the trigger simply always runs
        return ()
    found = _literal_sets(list(parsed))
    return tuple(sorted(found)) if found else ()


TRIGGER_ANCHORS: tuple[tuple[str, ...], ...] = tuple(_anchors(t.pattern) for t in TRIGGERS)


def _max_width(pattern: re.Pattern[str]) -> int | None:
    """The longest match the pattern can make, or None when unbounded (or unknown)."""
    try:
        hi = _sre_parser.parse(pattern.pattern, pattern.flags).getwidth()[1]
    except Exception:
        return None
    return int(hi) if hi < 10_000 else None


def _look_past(items: Any) -> int | None:
    """How many characters past the position it stands at the pattern may read (in
    lookaheads; \b and $ read one or two); None when unbounded or unsure."""
    reach = 0
    for op, arg in items:
        name = str(op)
        if name == "AT":
            reach = max(reach, 2)
        elif name in ("ASSERT", "ASSERT_NOT"):
            inner = _look_past(arg[1])
            if inner is None:
                return None
            ahead = arg[1].getwidth()[1] if arg[0] == 1 else 0
            if ahead >= 10_000:
                return None
            reach = max(reach, ahead + inner)
        elif name in ("SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            inner = _look_past(arg[-1])
            if inner is None:
                return None
            reach = max(reach, inner)
        elif name == "BRANCH":
            for alt in arg[1]:
                inner = _look_past(alt)
                if inner is None:
                    return None
                reach = max(reach, inner)
        elif name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "ATOMIC_GROUP"):
            return None
    return reach


def _reach(pattern: re.Pattern[str]) -> int | None:
    """How far past a match's start the pattern may read: its width and what it looks at
    beyond the match. None when unbounded (or unknown)."""
    width = _max_width(pattern)
    try:
        past = _look_past(_sre_parser.parse(pattern.pattern, pattern.flags))
    except Exception:
        return None
    return None if width is None or past is None else width + past


# Every match of a trigger holds one of its anchors, no further into the match than its
# lead (at most its width): no match starts more than that before the sentence's first
# anchor occurrence. And as none starts after the last one, nothing past that start
# plus the trigger's reach is ever read. None: unbounded.
TRIGGER_LEADS: tuple[int | None, ...] = tuple(
    lead if (lead := _anchor_lead(t.pattern)) is not None else _max_width(t.pattern)
    for t in TRIGGERS
)
TRIGGER_REACH: tuple[int | None, ...] = tuple(_reach(t.pattern) for t in TRIGGERS)


# ---- anchored pre-checks for the context and modifier patterns -----------------------
# These patterns scan a whole clause or sentence, and usually find nothing: their
# anchors tell at once when they cannot match at all (see `Gated`).
CONTRACT_CONTEXT_CUE = Gated.by_anchors(CONTRACT_CONTEXT)
CONTRACT_NEW_CUE = Gated.by_anchors(CONTRACT_NEW)
TRANSFER_BLOCK_CUE = Gated.by_anchors(TRANSFER_BLOCK)
UNNAMED_CLUBS_CUE = Gated.by_anchors(UNNAMED_CLUBS)
SELLING_STANCE_CUE = Gated.by_anchors(SELLING_STANCE)
BIOGRAPHY_CUE = Gated.by_anchors(BIOGRAPHY)
RUMOURED_CUE = Gated.by_anchors(RUMOURED)
CONFIRMED_CUE = Gated.by_anchors(CONFIRMED)
# SPECULATIVE's words are too short for anchors ("if", "can"): these cover each of its
# alternatives by hand; a new alternative needs a word here too.
SPECULATIVE_CUE = Gated(
    SPECULATIVE,
    (
        "set ",
        "expect",
        "could",
        "can",
        "may",
        "might",
        "would",
        "will",
        "shall",
        "'ll",
        "likely",
        "poised",
        "clos",
        "verge",
        "in line to",
        "hop",
        "plan",
        "prepar",
        "ready to",
        "favourites",
        "pole position",
        "should",
        "potential",
        "possib",
        "if",
        "tipped",
        "edging closer",
        "nearing",
        "due to",
        "going to",
        "is to",
        "are to",
        "look",
        "on course",
        "every chance",
        "point",
        "confident",
        "seem",
        "appear",
        "in pole",
        "heading for",
        "aiming to",
    ),
)
