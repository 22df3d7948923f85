"""Optional facts of a claim's sentence: fee, deal type, contract end, wage, clauses.

Pure functions, no I/O. Shapes follow the gold corpus (shared/corpus/dev):

- ``fee``: a string, the amount as written but compacted to ``<symbol><number>m``:
  "£113m", "€12m" (from "12 million euros"), "£30m" (from "30 million pound"),
  with its structure kept: "€100m plus up to €20m add-ons", "€110m plus add-ons",
  "€40m plus €5m add-on", "€20m with add-ons", "£100m, potentially rising to £116m",
  "up to £120m" (from "could rise to £120million"), and a conversion in brackets kept when
  it is into pounds or dollars ("€150m (£126.3m)", "€32m ($34.5m)"), dropped for other
  currencies ("US$", "S$"). A bare "75 million" is in euros. Valuations, asking prices
  ("who want £45m"), "£100m-rated" and "£100m-plus" sprees are no fee. A triggered release
  clause is the fee; a clause merely held is not.
- ``deal_type``: "loan" (on loan, loan deal, temporary move, option/obligation to buy),
  "free" (on a free, free transfer, for free, free agent, for nothing), "permanent" (made
  permanent, into a permanent transfer, the sale of). A pre-contract alone gives none.
- ``contract_until``: a year string: "until 2029", "to 2030", "beyond 2025", "out of
  contract in 2025", "next year" (published year + 1), "a five-year deal" (published year
  + 5; needs the date, so it is omitted when the date is unknown).
- ``wage``: as written: "£300,000-a-week", "25% wage reduction".
- ``clause`` (not in shared.events.ClaimDetails): release clauses ("£62.5m release
  clause", "exit clause of €60m"), options ("option to buy for around £30m next summer"),
  sell-on clauses ("15% sell-on clause"), joined by "; ".

Which keys a kind carries, as the gold does: contract kinds carry only `contract_until` and
`wage`; stance kinds only `deal_type` and `wage`; transfer kinds (and no kind) all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import NamedTuple

from shared.events import ClaimDetails, Fee

__all__ = ["extract_details", "parse_fee", "to_claim_details"]

_CURRENCY_WORDS = {
    "euro": "€",
    "euros": "€",
    "pound": "£",
    "pounds": "£",
    "sterling": "£",
    "dollar": "$",
    "dollars": "$",
}
_ISO = {"£": "GBP", "€": "EUR", "$": "USD"}
_UNITS = {
    "m": "m",
    "mn": "m",
    "mln": "m",
    "million": "m",
    "millions": "m",
    "bn": "bn",
    "billion": "bn",
    "k": "k",
    "thousand": "k",
}
_SCALE = {"m": 1e6, "bn": 1e9, "k": 1e3, "": 1.0}

# One amount of money: "£113m", "€100 million", "$25m", "£50million", "12 million euros",
# "30 million pound", "€70M", "US$120 million", "€1.2bn".
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = r"(?:m|mn|mln|million|millions|bn|billion|k|thousand)\b"
_MONEY = (
    r"(?P<sym>(?:US|S|A|C|HK)?\$|£|€)\s?(?P<num>" + _NUM + r")\s?(?P<unit>" + _UNIT + r")?"
    r"(?:\s+(?P<cw1>euros?|pounds?|dollars?))?"
    r"|(?P<num2>" + _NUM + r")\s?(?P<unit2>" + _UNIT + r")\s*(?P<cw2>euros?|pounds?|dollars?"
    r"|sterling)?"
)
_MONEY_RE = re.compile(r"(?i)(?<![\w.,])(?:" + _MONEY + r")")


class _Money(NamedTuple):
    start: int
    end: int
    symbol: str  # "£", "€", "$", "US$", "" when not written
    number: str
    unit: str  # "m", "bn", "k" or ""

    def text(self, default_symbol: str = "€") -> str:
        return f"{self.symbol or default_symbol}{self.number}{self.unit}"


def _money_at(m: re.Match[str]) -> _Money | None:
    if m["sym"]:
        symbol = m["sym"].upper()
        number, unit = m["num"], m["unit"]
        if m["cw1"]:
            symbol = _CURRENCY_WORDS[m["cw1"].lower()]
    else:
        number, unit = m["num2"], m["unit2"]
        symbol = _CURRENCY_WORDS.get((m["cw2"] or "").lower(), "")
    unit = _UNITS.get((unit or "").lower(), "")
    if not symbol and not unit:
        return None
    if not unit and "," not in number and float(number) < 1000:
        return None  # "$25" with no unit is not a transfer sum
    return _Money(m.start(), m.end(), symbol, number, unit)


def _monies(s: str) -> list[_Money]:
    out: list[_Money] = []
    for m in _MONEY_RE.finditer(s):
        money = _money_at(m)
        if money is not None:
            out.append(money)
    return out


def _first_money(text: str) -> _Money | None:
    return next(iter(_monies(text)), None)


# --- fee ----------------------------------------------------------------------------------

# Not a fee: a valuation, an asking price, a rating, a spree, a wage.
_NOT_FEE_AFTER = re.compile(
    r"(?i)(?:\s*\([^)]{0,40}\))?(?:-plus\b|(?:-|\s)?(?:rated\b|valuation|price[- ]tag|asking"
    r"|summer\s+spending|spending|(?:-|\s)?(?:a|per)[- ](?:week|year|season|month)|\s*in\s+total"
    r"|\s*(?:in\s+)?wages|\s*salary|\s*(?:relegation\s+|release\s+|exit\s+|buyout\s+)?clause"
    r"|\s*purchase\s+option|\s*option))"
)
_NOT_FEE_BEFORE = re.compile(
    r"(?i)(?:\bwants?|\bwanted|\bvalued\s+at|\bvaluation\s+of|\bvalue\s+of|\bprice\s+of"
    r"|\basking\s+price\s+of|\bpocket|\bearn(?:s|ing)?|\bsalary\s+of|\bwages?\s+of"
    r"|\boption\s+to\s+buy\s+for\s+(?:a\s+fee\s+)?(?:of\s+|in\s+the\s+region\s+of\s+|around\s+"
    r"|about\s+)?|\b(?:clause|option|obligation)[^.;]{0,40}?\b(?:of|at|worth|for)|\bclause,?\s+of"
    r"|\bspen[dt]\s+(?:a\s+)?(?:total\s+of\s+)?|\bsquad\s+worth)\s*[\s(,]*$"
)
_UP_TO_BEFORE = re.compile(
    r"(?i)\b(?:up\s+to|could\s+rise\s+to|rising\s+to|could\s+reach|as\s+much\s+as)\s*$"
)
_CONVERSION = re.compile(r"\s*\(\s*(?P<body>[^()]{1,40})\)")
_PLUS_ADDONS = re.compile(
    r"(?i)^,?\s*(?:plus|\+|and)\s+(?P<upto>up\s+to\s+)?(?P<money>[^,;.]*?\d[^,;]*?)\s+"
    r"(?:in\s+)?(?P<word>add-?ons?|bonuses|variables)"
)
_WITH_ADDON_OF = re.compile(
    r"(?i)^,?\s*(?:with|plus)\s+(?:an?\s+|another\s+)?(?P<word>add-?ons?|bonus(?:es)?)\s+of\s+"
    r"(?P<money>[^,;.]*?\d[^,;]*?)(?=$|[,;.]|\s+to\b)"
)
_WITH_ANOTHER = re.compile(
    r"(?i)^,?\s*with\s+(?:another|a\s+further)\s+(?P<money>[^,;.]*?\d[^,;]*?)\s+in\s+"
    r"(?P<word>add-?ons?|bonuses)"
)
_PLUS_BARE_ADDONS = re.compile(r"(?i)^,?\s*(?:plus|\+)\s+(?P<word>add-?ons?|bonuses)\b")
_WITH_ADDONS = re.compile(r"(?i)^,?\s*with\s+(?P<word>add-?ons?)\b")
_RISING = re.compile(
    r"(?i)^,?\s*(?P<adv>potentially|possibly|which\s+could\s+be)?\s*rising\s+to\s+"
)
_TRIGGER = re.compile(
    r"(?i)\b(?:trigger(?:s|ed|ing)?|activat(?:e|es|ed|ing)|pay(?:s|ing)?|paid|met|meet)\b"
)
# "82.5 + 2.5 million": a bare number and its add-on sharing the unit.
_SPLIT_SUM = re.compile(
    r"(?i)(?<![\w.])(?P<a>\d+(?:\.\d+)?)\s*\+\s*(?P<b>\d+(?:\.\d+)?)\s?(?P<unit>" + _UNIT + r")"
)


def _normal_money_text(text: str, default_symbol: str) -> str | None:
    """ "€5 million" -> "€5m"; None when the text holds no amount."""
    money = _first_money(text)
    if money is None:
        bare = re.match(r"\s*(" + _NUM + r")\s*$", text)
        return f"{default_symbol}{bare.group(1)}m" if bare else None
    return money.text(default_symbol)


def _conversion(s: str, at: int) -> tuple[str, int]:
    """A bracketed conversion after a fee: kept (" (£126.3m)") when into pounds or plain
    dollars, else dropped; returns the text to append and where the fee phrase ends."""
    m = _CONVERSION.match(s, at)
    if m is None:
        return "", at
    inner = _monies(m["body"])
    if not inner or any(x.symbol not in ("£", "$") for x in inner):
        return "", m.end()
    return " (" + "/".join(x.text() for x in inner) + ")", m.end()


def _fee_text(s: str, money: _Money, default_symbol: str) -> str:
    base = money.text(default_symbol)
    symbol = money.symbol or default_symbol
    conv, at = _conversion(s, money.end)
    rest = s[at:]
    text = base + conv
    if m := _PLUS_ADDONS.match(rest):
        extra = _normal_money_text(m["money"], symbol)
        if extra is not None:
            upto = "up to " if m["upto"] else ""
            return f"{text} plus {upto}{extra} {_addon_word(m['word'])}"
    if m := _WITH_ADDON_OF.match(rest) or _WITH_ANOTHER.match(rest):
        extra = _normal_money_text(m["money"], symbol)
        if extra is not None:
            return f"{text} plus {extra} {_addon_word(m['word'])}"
    if m := _PLUS_BARE_ADDONS.match(rest):
        return f"{text} plus {_addon_word(m['word'])}"
    if m := _WITH_ADDONS.match(rest):
        return f"{text} with {_addon_word(m['word'])}"
    if m := _RISING.match(rest):
        after = _monies(rest[m.end() : m.end() + 30])
        if after:
            adv = (m["adv"] or "potentially").lower()
            return f"{text}, {adv} rising to {after[0].text(symbol)}"
    if _UP_TO_BEFORE.search(s, max(0, money.start - 20), money.start):
        return f"up to {text}"
    return text


def _addon_word(word: str) -> str:
    word = word.lower()
    return "add-on" if word in ("add-on", "addon") else "add-ons" if "add" in word else word


def _fee(s: str, monies: list[_Money]) -> str | None:
    split = _SPLIT_SUM.search(s) if "+" in s else None
    symbol = next((x.symbol for x in monies if x.symbol in ("£", "€", "$")), "€")
    if split is not None:
        unit = _UNITS.get(split["unit"].lower(), "m")
        before = [x for x in monies if x.end <= split.start()]
        if not before:
            return f"{symbol}{split['a']}{unit} plus {symbol}{split['b']}{unit} add-ons"
    converted_until = -1
    for money in monies:
        if money.start < converted_until:
            continue  # the conversion of the amount before it
        conv = _CONVERSION.match(s, money.end)
        converted_until = conv.end() if conv else money.end
        if _NOT_FEE_AFTER.match(s, money.end):
            continue
        if _NOT_FEE_BEFORE.search(s, max(0, money.start - 60), money.start):
            continue
        return _fee_text(s, money, money.symbol or symbol)
    return None


# --- clauses ------------------------------------------------------------------------------

_RELEASE_CLAUSE = re.compile(
    r"(?i)(?P<money>(?:" + _MONEY + r"))(?:\s*\([^()]{1,40}\))?\s+(?P<words>(?:[\w-]+\s+){0,2}?)"
    r"(?P<kind>release|exit|buyout|buy-out|relegation\s+release)\s+clause"
)
_CLAUSE_OF = re.compile(
    r"(?i)\b(?P<kind>release|exit|buyout|buy-out)?\s*clause\b[^.;]{0,40}?\b(?:of|at|worth|for)\s+"
    r"(?P<money>(?:" + _MONEY + r"))"
)
_BARE_CLAUSE = re.compile(r"(?i)\b(?:release|exit|buyout|buy-out)\s+clause\b")
_OPTION = re.compile(
    r"(?i)(?:(?P<money>(?:" + _MONEY + r"))\s+)?(?P<head>purchase\s+option|option\s+to\s+buy"
    r"|obligation\s+to\s+buy|option\s+for|obligation\s+for)(?P<tail>[^.;,]*)"
)
_SELL_ON = re.compile(r"(?i)\b\d{1,2}(?:\.\d+)?\s?(?:%|per\s*cent)\s+sell-on\s+clause\b")
_TAIL_CLEAN = (
    (re.compile(r"(?i)\b(?:him|her|them|the\s+player)\s+"), ""),
    (re.compile(r"(?i)\b(?:a\s+fee\s+)?in\s+the\s+region\s+of\b"), "around"),
    (re.compile(r"(?i)\bat\s+the\s+conclusion\s+of\b"), "at the end of"),
    (re.compile(r"\s+"), " "),
)


def _clean_tail(tail: str, default_symbol: str) -> str:
    for pattern, repl in _TAIL_CLEAN:
        tail = pattern.sub(repl, tail)
    # Amounts compacted, conversions dropped: "£30 million ($40m)" -> "£30m".
    out: list[str] = []
    pos = 0
    for money in _monies(tail):
        if money.start < pos:
            continue  # inside a dropped conversion
        out.append(tail[pos : money.start])
        out.append(money.text(default_symbol))
        conv = _CONVERSION.match(tail, money.end)
        pos = conv.end() if conv else money.end
    out.append(tail[pos:])
    return "".join(out).strip()


def _clauses(s: str, low: str, kind: str | None) -> tuple[list[str], str | None]:
    """Clause texts, and the clause amount when the clause is being triggered (the fee)."""
    found: list[str] = []
    fee: str | None = None
    triggered = "clause" in low and _TRIGGER.search(s) is not None
    if "clause" not in low:
        pass
    elif m := _RELEASE_CLAUSE.search(s):
        money = _first_money(m["money"])
        if money is not None:
            conv, _ = _conversion(s, m.start() + money.end)
            words = " ".join((m["words"] or "").lower().split())
            label = " ".join(f"{words} {m['kind'].lower()}".split())
            found.append(f"{money.text()}{conv} {label} clause")
            if triggered:
                fee = money.text() + conv
    elif m := _CLAUSE_OF.search(s):
        money = _first_money(m["money"])
        if money is not None:
            found.append(f"{(m['kind'] or 'release').lower()} clause of {money.text()}")
            if triggered:
                fee = money.text()
    elif _BARE_CLAUSE.search(s) and kind in ("transfer_fee_agreed", None):
        found.append("release clause")
    for m in _OPTION.finditer(s) if ("option" in low or "obligation" in low) else ():
        head = " ".join(m["head"].lower().split())
        tail = _clean_tail(m["tail"], "€")
        money = _first_money(m["money"]) if m["money"] else None
        lead = f"{money.text()} " if money else ""
        found.append(f"{lead}{head} {tail}".strip())
    for m in _SELL_ON.finditer(s) if "sell-on" in low else ():
        found.append(" ".join(m[0].split()))
    return found, fee


# --- deal type, contract, wage --------------------------------------------------------------

# A sale is permanent when it has a fee or is done ("the £60m sale of", "completed the sale").
_PERMANENT = re.compile(
    r"(?i)\bmade\s+permanent\b|\binto\s+a\s+permanent\b|\bpermanent\s+(?:transfer|deal|move"
    r"|switch|basis|signing)\b|\d(?:m|bn|\s?million)\s+sale\s+of\b"
    r"|\bcomplete[ds]?\s+the\s+sale\s+of\b"
)
_NOT_PERMANENT = re.compile(r"(?i)\bnot\s+(?:to\s+)?(?:make|be\s+made)\b[^.;]{0,20}permanent")
_LOAN = re.compile(
    r"(?i)\bloan(?:s|ed)?\b|\btemporary\s+(?:move|transfer|deal|switch|agreement|basis)\b"
    r"|\b(?:option|obligation)\s+to\s+(?:buy|purchase|make)|\bpurchase\s+option\b"
)
_FREE = re.compile(
    r"(?i)\bon\s+a\s+free\b|\bfree\s+transfer\b|\bfor\s+free\b|\bfree\s+agent\b"
    r"|\bfor\s+nothing\b|\bbosman\b|\bfree\s+of\s+charge\b|\bon\s+a\s+free\s+deal\b"
)
_UNTIL = re.compile(
    r"(?i)\b(?:until|till|to|through|beyond|past)\s+(?:the\s+)?(?:summer\s+of\s+|end\s+of\s+"
    r"(?:the\s+)?)?(?:June\s+(?:30\s+)?|30\s+June\s+)?(?P<year>20\d{2})\b(?!\s?[-/–]\d)"
)
_EXPIRES_IN = re.compile(
    r"(?i)\b(?:out\s+of\s+contract|(?:contract|deal)\s+(?:expires|runs\s+out|ends|is\s+up)"
    r"|expires|expiring|runs\s+out)\s+(?:in|at\s+the\s+end\s+of)\s+(?P<year>20\d{2})\b"
    r"|\b(?:contract|deal)\s+(?:expires|runs\s+out|ends|is\s+up)\s+(?P<next>next\s+year)\b"
)
_N_YEAR_DEAL = re.compile(
    r"(?i)\b(?P<n>one|two|three|four|five|six|seven|\d)[- ](?:year|yr)s?[- ](?:long\s+)?"
    r"(?:new\s+)?(?:contract|deal|extension|agreement|contract\s+extension)\b"
)
_WAGE = re.compile(
    r"(?i)(?:" + _MONEY + r")(?:\s*\([^()]{1,40}\))?(?:-|\s)(?:a|per)(?:-|\s)(?:week|wk|year"
    r"|season|month)\b"
    r"|\b\d{1,3}(?:\.\d+)?\s?(?:%|per\s*cent)\s+(?:wage|salary|pay)\s+(?:cut|reduction|rise"
    r"|increase)\b"
)
_WAGE_TOTAL = re.compile(
    r"(?i)\b(?:pocket|earn|earning|earns)\s+(?P<w>(?:"
    + _MONEY.replace("?P<", "?P<w_")
    + r")(?:\s*\([^()]{1,40}\))?(?:\s+in\s+total)?)"
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_CONTRACT_KINDS_KEYS = frozenset({"contract_until", "wage"})
_STANCE_KINDS_KEYS = frozenset({"deal_type", "wage"})


def _deal_type(low: str) -> str | None:
    if (
        ("permanent" in low or "sale" in low)
        and _PERMANENT.search(low)
        and not _NOT_PERMANENT.search(low)
    ):
        return "permanent"
    if ("loan" in low or "temporary" in low or "option" in low or "obligation" in low) and (
        _LOAN.search(low)
    ):
        return "loan"
    if ("free" in low or "nothing" in low or "bosman" in low) and _FREE.search(low):
        return "free"
    return None


_UNTIL_WORDS = ("until", "till", "to 20", "through", "beyond", "past")
_EXPIRY_WORDS = ("expir", "runs out", "run out", "out of contract", "ends", "is up")


def _contract_until(s: str, low: str, published: dt.date | None) -> str | None:
    if (
        "20" in low
        and any(w in low for w in _UNTIL_WORDS)
        and (m := _UNTIL.search(s))
        and _mentions_contract(s)
    ):
        return m["year"]
    if any(w in low for w in _EXPIRY_WORDS) and (m := _EXPIRES_IN.search(s)):
        if m["year"]:
            return str(m["year"])
        return str(published.year + 1) if published is not None else None
    if published is None or ("year" not in low and "yr" not in low):
        return None
    if m := _N_YEAR_DEAL.search(s):
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
        return str(published.year + n)
    return None


_CONTRACT_HINT = re.compile(
    r"(?i)\b(?:contract|deal|extension|extend|extended|tied|tying|stay|signed|renew|valid"
    r"|keep|commit|terms)\w*"
)


def _mentions_contract(s: str) -> bool:
    return _CONTRACT_HINT.search(s) is not None


def _wage(s: str) -> str | None:
    if m := _WAGE.search(s):
        return m[0].strip()
    if m := _WAGE_TOTAL.search(s):
        return m["w"].strip()
    return None


_MONEY_HINT = re.compile(r"\d\s?(?:m|mn|bn|k)\b")
_WAGE_WORDS = ("week", "year", "month", "season", "pocket", "earn", "total")


def _has_money(sentence: str, low: str) -> bool:
    return (
        "£" in sentence
        or "€" in sentence
        or "$" in sentence
        or "million" in low
        or "billion" in low
        or _MONEY_HINT.search(low) is not None
    )


def extract_details(
    sentence: str, *, kind: str | None = None, published: dt.date | None = None
) -> dict[str, object]:
    """Details the sentence supports, in the gold's shapes (see the module docstring).

    `published` (optional) turns "a five-year deal" and "next year" into a year.
    """
    if not sentence:
        return {}
    low = sentence.lower()
    d = published.date() if isinstance(published, dt.datetime) else published
    if kind is None or kind.startswith("transfer_"):
        allowed: frozenset[str] | None = None
    elif kind.startswith("contract_"):
        allowed = _CONTRACT_KINDS_KEYS
    else:
        allowed = _STANCE_KINDS_KEYS
    out: dict[str, object] = {}

    def want(key: str) -> bool:
        return allowed is None or key in allowed

    # Cheap substring checks first: most sentences hold no money and no deal words.
    monies = _monies(sentence) if _has_money(sentence, low) else []
    wage: str | None = None
    if ("%" in low or (monies and any(w in low for w in _WAGE_WORDS))) and want("wage"):
        wage = _wage(sentence)
    if want("fee") or want("clause"):
        clauses: list[str] = []
        fee: str | None = None
        if "clause" in low or "option" in low or "obligation" in low or "sell-on" in low:
            clauses, fee = _clauses(sentence, low, kind)
        if fee is None and monies:
            fee = _fee(sentence, monies)
            if fee is not None and wage is not None and fee.split(" ")[0] in wage:
                fee = None  # the amount is the wage
        if fee is not None and want("fee"):
            out["fee"] = fee
        if clauses and want("clause"):
            out["clause"] = "; ".join(clauses)
    if want("deal_type") and (deal := _deal_type(low)):
        out["deal_type"] = deal
    if want("contract_until") and (until := _contract_until(sentence, low, d)):
        out["contract_until"] = until
    if wage is not None:
        out["wage"] = wage
    return out


# --- mapping to shared.events ----------------------------------------------------------------

_FEE_PART = re.compile(r"(?i)(?P<sym>[£€$])(?P<num>\d+(?:\.\d+)?)(?P<unit>m|bn|k)?")


def parse_fee(text: str) -> Fee | None:
    """The gold's fee string as a `Fee`: the first amount is the fee (the maximum for "up
    to"), a "plus ... add-ons" or "rising to" amount gives `add_ons`."""
    parts = list(_FEE_PART.finditer(text.split("(")[0] if "(" in text else text))
    if not parts:
        return None

    def value(m: re.Match[str]) -> float:
        return float(m["num"]) * _SCALE[(m["unit"] or "").lower()]

    first = parts[0]
    amount = value(first)
    add_ons: float | None = None
    rest = text[first.end() :]
    later = [p for p in _FEE_PART.finditer(rest) if p["sym"] == first["sym"]]
    if later and re.search(r"(?i)add-?ons?|bonus", rest):
        add_ons = value(later[0])
    elif later and re.search(r"(?i)rising\s+to", rest):
        add_ons = max(value(later[0]) - amount, 0.0)
    return Fee(amount=amount, currency=_ISO[first["sym"]], add_ons=add_ons, text=text)


def to_claim_details(details: Mapping[str, object]) -> ClaimDetails:
    """The gold-shaped dict as `shared.events.ClaimDetails`."""
    fee = details.get("fee")
    deal = details.get("deal_type")
    until = details.get("contract_until")
    wage = details.get("wage")
    return ClaimDetails(
        fee=parse_fee(fee) if isinstance(fee, str) else None,
        contract_until=str(until) if until is not None else None,
        deal_type=deal if deal in ("permanent", "loan", "free") else None,
        wage=str(wage) if wage is not None else None,
        clause=str(clause) if (clause := details.get("clause")) is not None else None,
    )
