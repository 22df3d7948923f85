"""When a claimed event happens or is expected: find it in a sentence, normalise it.

Pure functions, no I/O. Conventions of the gold corpus (shared/corpus/dev), which this
module reproduces:

Formats, when the article's publication date is known:
- a day: ISO date ``2025-06-01`` ("on June 1", "on Friday", "today", "yesterday");
- a month: ``2025-01`` ("this month", "in this window" in January, "last month",
  "in recent days", "in the last few days", "over the last fortnight", "at this stage",
  "earlier in July", "a January move");
- an ISO week: ``2025-W22`` ("this week", "last week");
- a year: ``2025`` ("in 2025", "next year");
- a season: ``2025-26`` ("next season", "this season", "the 2025/26 season");
- a summer: ``YYYY-06-30``, the end of June ("in the summer", "this summer", "next summer",
  "at the end of the season", "out of contract in June", "until 2027" of a contract,
  "two years left on his contract" = end of that many seasons).

Which year a relative expression means:
- the current season of a date is (y-1)/y for January-June and y/(y+1) for July-December;
  "the end of the season" is 30 June of the current season's end year;
- "this summer" / "in the summer" is this year's summer until September and next year's from
  October; "next summer" is this year's until May and next year's from June;
- a month or day-of-month without a year is its nearest occurrence (a six-month tie goes
  forward): "since December" in January is last December, "in June" in January is this
  June, "in July" in August is last July; "January window" always looks forward;
- a weekday is the published day when it is that weekday, else the previous such day, or the
  next one when the clause before it speaks of the future ("will", "set to", "closes").

Which expression counts:
- the first expression in the sentence, except inside an option clause ("option to buy ...
  next summer": the option's date, not the event's) or an "after <verb>ing" clause ("after
  failing to do so in January": an earlier event);
- durations ("until 2027", "past next summer", "on loan until the end of this season", "to
  2030") bound a contract, not the event: only `contract_expiring` uses them;
- `contract_expiring` uses only expiry expressions and defaults to the end of the current
  season ("out of contract", "pre-contract terms from January" -> 30 June);
- vague times ("soon", "in the coming weeks") normalise to nothing: None;
  "in recent weeks", "all summer" and "at this point" are no timeframe in the gold.

When the publication date is unknown (None), the gold keeps the phrase as written ("on
Friday evening", "at the end of this season", "earlier in January", "soon"); absolute
expressions (a year, a full date, "2024-25") are still normalised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from ahocorasick_rs import AhoCorasick, MatchKind

__all__ = ["current_season", "normalise_timeframe", "season_end", "season_string"]

# --- calendar helpers -------------------------------------------------------------------

_MONTH_NAMES = (
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
)
_MONTH_NUM = {name.lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}


def current_season(d: dt.date) -> int:
    """Start year of the season a date falls in: July-December starts one."""
    return d.year if d.month >= 7 else d.year - 1


def season_string(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def season_end(start_year: int) -> str:
    return f"{start_year + 1}-06-30"


def _summer_year(d: dt.date, which: str) -> int:
    """The year of the summer meant by "this/the summer", "next summer", "last summer"."""
    if which == "next":
        return d.year if d.month <= 5 else d.year + 1
    if which == "last":
        return d.year - 1 if d.month <= 9 else d.year
    return d.year if d.month <= 9 else d.year + 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _month_occurrence(d: dt.date, month: int, direction: str) -> tuple[int, int]:
    """Year and month of `month` nearest to d: direction "past", "future", "next" or ""."""
    ahead = (month - d.month) % 12  # months forward to the next occurrence (0 = this one)
    if direction == "past":
        return _shift_month(d.year, d.month, -((d.month - month) % 12))
    if direction == "next":
        return _shift_month(d.year, d.month, ahead or 12)
    if direction == "future" or ahead <= 6:
        return _shift_month(d.year, d.month, ahead)
    return _shift_month(d.year, d.month, ahead - 12)


def _iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# --- patterns ---------------------------------------------------------------------------
# Month and weekday names are matched case-sensitively (capitalised) so that "may" the verb
# and "march" the noun stay out; everything else is case-insensitive through (?i:...).

_MON = r"(?P<mon>" + "|".join(_MONTH_NAMES) + r")"
_WD = r"(?P<wd>" + "|".join(_WEEKDAY_NAMES) + r")"
_YEAR = r"(?P<year>20\d{2})"
_SEASON_YEARS = r"(?P<y1>20\d{2})\s?[-/–]\s?(?P<y2>20\d{2}|\d{2})(?![\d/])"


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    category: str
    # Value for a known date; None when the expression normalises to nothing.
    resolve: Callable[[re.Match[str], dt.date, str], str | None]
    # Value without a date, for absolute expressions only (else the phrase is kept).
    absolute: Callable[[re.Match[str]], str | None] | None = None


class _Hit(NamedTuple):
    start: int
    end: int
    category: str
    rule: _Rule
    match: re.Match[str]


# Categories: which expressions count for which kinds.
_EXPIRY = "expiry"  # "two years left", "final 12 months of his contract"
_DURATION = "duration"  # set at selection time for expressions after until/past/beyond
_WEAK = "weak"  # used only when nothing else is found
_VAGUE = "vague"  # "soon": a phrase without a date, nothing with one
_GENERAL = "general"
_SUMMERLIKE = "summer"  # summer, end of season: also expiry expressions
_YEARLIKE = "year"  # years: also expiry expressions
_DAYLIKE = "day"  # a full date: also an expiry expression

_EXPIRY_CATEGORIES = frozenset({_EXPIRY, _DURATION, _SUMMERLIKE, _YEARLIKE, _DAYLIKE})

_FUTURE_CLAUSE = re.compile(
    r"(?i)\b(?:will|shall|set\s+to|due\s+to|going\s+to|expected\s+to|unlikely\s+to"
    r"|likely\s+to|poised\s+to|scheduled|closes|opens|ahead\s+of|plans?\s+to|hopes?\s+to"
    r"|aims?\s+to|upcoming)\b|'ll\b"
)
_CONTRACT_WORD = re.compile(r"(?i)\b(?:contract|deal)\b")
_DURATION_BEFORE = re.compile(
    r"(?i)\b(?:until|till|through|beyond|past|up\s+to|for\s+the\s+duration\s+of)\s+(?:the\s+)?"
    r"(?:end\s+of\s+(?:the\s+)?)?$"
)
# "from June 1 2025 to June 30 2030": a range is a contract's term.
_RANGE_AFTER = re.compile(r"(?i)\s*(?:to|until|till|-|–)\s")
# The day a story was reported is not the day of the event ("TWTD revealed on Tuesday").
_REPORTED_BEFORE = re.compile(r"(?i)\b(?:reported|revealed|claimed)\s+$")
# Expressions inside these spans belong to another event.
_SKIP_ZONES = re.compile(r"(?i)\b(?:option|obligation)\b[^.;,]*|\bafter\s+\w+ing\b[^.;,]*")
_CLAUSE_START = re.compile(r"[.;!?]\s")


def _d_day(m: re.Match[str], d: dt.date) -> dt.date:
    """Date of a day-and-month expression, the year nearest to d when not written."""
    month = _MONTH_NUM[m["mon"].lower()]
    day = int(m["day"])
    if m["year"]:
        year = int(m["year"])
    else:
        year, _ = _month_occurrence(d, month, "")
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def _r_day(m: re.Match[str], d: dt.date, s: str) -> str | None:
    return _d_day(m, d).isoformat()


def _a_day(m: re.Match[str]) -> str | None:
    if not m["year"]:
        return None
    month = _MONTH_NUM[m["mon"].lower()]
    try:
        return dt.date(int(m["year"]), month, int(m["day"])).isoformat()
    except ValueError:
        return None


_DAY_PREP = r"(?:(?i:on|by|before|from|until|till|since|after)\s+(?:the\s+)?)?"
_R_DMY = _Rule(
    re.compile(
        r"\b"
        + _DAY_PREP
        + r"(?P<day>[0-3]?\d)(?i:st|nd|rd|th)?\s+(?:(?i:of)\s+)?"
        + _MON
        + r"(?:,?\s+"
        + _YEAR
        + r")?\b"
    ),
    _DAYLIKE,
    _r_day,
    _a_day,
)
_R_MDY = _Rule(
    re.compile(
        r"\b" + _DAY_PREP + _MON + r"\s+(?P<day>[0-3]?\d)(?i:st|nd|rd|th)?\b(?!\s*[-:]\d)"
        r"(?:,?\s+" + _YEAR + r"\b)?"
    ),
    _DAYLIKE,
    _r_day,
    _a_day,
)


def _r_month_year(m: re.Match[str], d: dt.date, s: str) -> str | None:
    month = _MONTH_NUM[m["mon"].lower()]
    if month == 6 and _CONTRACT_WORD.search(s):
        return f"{m['year']}-06-30"
    return f"{m['year']}-{month:02d}"


def _a_month_year(m: re.Match[str]) -> str | None:
    return f"{m['year']}-{_MONTH_NUM[m['mon'].lower()]:02d}"


_R_MONTH_YEAR = _Rule(
    re.compile(
        r"\b(?:(?i:in|by|before|from|until|till|since|during|of)\s+)?(?:(?i:early|late|mid)-?\s*)?"
        + _MON
        + r",?\s+"
        + _YEAR
        + r"\b"
    ),
    _GENERAL,
    _r_month_year,
    _a_month_year,
)


def _r_month(m: re.Match[str], d: dt.date, s: str) -> str | None:
    month = _MONTH_NUM[m["mon"].lower()]
    prefix = (m["pre"] or "").lower()
    if m["win"]:
        # "the January window", "a January move": the coming one.
        direction = "future"
    elif "last" in prefix or "earlier" in prefix or "since" in prefix:
        direction = "past"
    elif "next" in prefix:
        direction = "next"
    elif "this" in prefix:
        direction = "future"
    else:
        direction = ""
    year, month = _month_occurrence(d, month, direction)
    if month == 6 and _CONTRACT_WORD.search(s):
        return f"{year}-06-30"  # "end contract in June": contracts end on 30 June
    return f"{year}-{month:02d}"


_R_MONTH = _Rule(
    re.compile(
        r"(?<![\w-])(?P<pre>(?i:(?:earlier|later|early|late)\s+in|earlier|later|early|late"
        r"|in|by|before|from|until|till|since|during|this|last|next|the\s+whole\s+of|of"
        r"|the|a)\s+|(?i:mid)-\s*)?"
        + _MON
        + r"(?P<win>\s+(?i:(?:transfer\s+)?window|move|switch|transfer|deal|signing|bid"
        r"|swoop|exit|departure|loan))?\b(?!\s+\d)"
    ),
    _GENERAL,
    _r_month,
)


def _r_weekday(m: re.Match[str], d: dt.date, s: str) -> str | None:
    wd = _WEEKDAY_NUM[m["wd"].lower()]
    back = (d.weekday() - wd) % 7
    prefix = (m["pre"] or "").lower()
    if "last" in prefix:
        return (d - dt.timedelta(days=back or 7)).isoformat()
    if "next" in prefix:
        return (d + dt.timedelta(days=(7 - back) or 7)).isoformat()
    if back == 0:
        return d.isoformat()
    # Tense of the clause before the weekday decides past or coming day.
    lo = max(0, m.start() - 120)
    window = s[lo : m.start()]
    cut = list(_CLAUSE_START.finditer(window))
    if cut:
        window = window[cut[-1].end() :]
    if _FUTURE_CLAUSE.search(window) or "this" in prefix:
        return (d + dt.timedelta(days=7 - back)).isoformat()
    return (d - dt.timedelta(days=back)).isoformat()


_R_WEEKDAY = _Rule(
    re.compile(
        r"\b(?P<pre>(?i:(?:earlier|later)\s+)?(?i:on|last|next|this|by|from|until|since)\s+)?"
        + _WD
        + r"(?:'s)?(?:\s+(?i:morning|afternoon|evening|night))?\b"
    ),
    _GENERAL,
    _r_weekday,
)


def _r_relday(m: re.Match[str], d: dt.date, s: str) -> str | None:
    word = m[0].lower()
    if "yesterday" in word or "last night" in word:
        return (d - dt.timedelta(days=1)).isoformat()
    if "tomorrow" in word:
        return (d + dt.timedelta(days=1)).isoformat()
    return d.isoformat()


_R_RELDAY = _Rule(
    re.compile(
        r"(?i)\b(?:(?:later\s+|earlier\s+)?today|tonight|this\s+(?:morning|afternoon|evening)"
        r"|yesterday|last\s+night|tomorrow|(?:on\s+)?deadline\s+day)\b"
    ),
    _GENERAL,
    _r_relday,
)


def _r_week(m: re.Match[str], d: dt.date, s: str) -> str | None:
    word = m[0].lower()
    if "last" in word:
        return _iso_week(d - dt.timedelta(days=7))
    if "next" in word:
        return _iso_week(d + dt.timedelta(days=7))
    return _iso_week(d)


_R_WEEK = _Rule(
    re.compile(r"(?i)\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+week\b(?!\s*'s|end)"),
    _GENERAL,
    _r_week,
)


def _r_monthrel(m: re.Match[str], d: dt.date, s: str) -> str | None:
    word = m[0].lower()
    if "last month" in word:
        year, month = _shift_month(d.year, d.month, -1)
    elif "next month" in word:
        year, month = _shift_month(d.year, d.month, 1)
    else:
        year, month = d.year, d.month
    return f"{year}-{month:02d}"


_R_MONTHREL = _Rule(
    re.compile(
        r"(?i)\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+month\b"
        r"|\b(?:in|over|during)\s+(?:the\s+)?(?:recent\s+days|(?:last|past)\s+(?:few|couple\s+of"
        r"|two|three|\d)\s+days|(?:last|past)\s+fortnight|(?:last|past)\s+(?:24|48|72)\s+hours)\b"
        r"|\bwithin\s+(?:the\s+)?(?:24|48|72)\s+hours\b|\bat\s+this\s+stage\b"
    ),
    _GENERAL,
    _r_monthrel,
)


def _season_years(m: re.Match[str]) -> int | None:
    """Start year of an explicit "2024-25" / "2024/2025", None when the years do not follow."""
    y1 = int(m["y1"])
    y2 = m["y2"]
    if (len(y2) == 2 and int(y2) == (y1 + 1) % 100) or (len(y2) == 4 and int(y2) == y1 + 1):
        return y1
    return None


def _r_season_end(m: re.Match[str], d: dt.date, s: str) -> str | None:
    if m["y1"]:
        start = _season_years(m)
        return season_end(start) if start is not None else None
    start = current_season(d)
    which = (m["which"] or "").lower()
    if which.startswith("next"):
        start += 1
    elif which.startswith("last"):
        start -= 1
    return season_end(start)


def _a_season_end(m: re.Match[str]) -> str | None:
    if not m["y1"]:
        return None
    start = _season_years(m)
    return season_end(start) if start is not None else None


_R_SEASON_END = _Rule(
    re.compile(
        r"(?i)\b(?:(?:at|by|before)\s+)?(?:the\s+)?(?:end|conclusion|close)\s+of\s+"
        r"(?:(?P<which>the\s+|this\s+|next\s+|last\s+|his\s+|the\s+current\s+)?"
        r"(?:" + _SEASON_YEARS + r"\s+|current\s+)?(?:season|campaign))"
        r"|\bseason's\s+end\b"
    ),
    _SUMMERLIKE,
    _r_season_end,
    _a_season_end,
)


def _r_season(m: re.Match[str], d: dt.date, s: str) -> str | None:
    if m["y1"]:
        start = _season_years(m)
        return season_string(start) if start is not None else None
    which = (m["which"] or "").lower().split()
    start = current_season(d)
    if "next" in which or "following" in which:
        start += 1
    elif "last" in which or "previous" in which:
        start -= 1
    elif ("coming" in which or "new" in which) and d.month <= 6:
        start += 1
    return season_string(start)


def _a_season(m: re.Match[str]) -> str | None:
    if not m["y1"]:
        return None
    start = _season_years(m)
    return season_string(start) if start is not None else None


_R_SEASON = _Rule(
    re.compile(
        r"(?i)\b(?:(?:for|in|during|from)\s+)?(?:the\s+)?(?:(?P<which>this|next|last|previous"
        r"|(?:the\s+)?(?:current|next|following|coming|new))\s+(?:season|campaign)\b"
        r"|" + _SEASON_YEARS + r"(?:\s+(?:season|campaign)\b)?)"
    ),
    _GENERAL,
    _r_season,
    _a_season,
)


def _r_summer(m: re.Match[str], d: dt.date, s: str) -> str | None:
    year = m["year"] or m["year2"]
    if year:
        return f"{year}-06-30"
    which = (m["which"] or "").lower()
    return f"{_summer_year(d, which if which in ('next', 'last') else 'this')}-06-30"


def _a_summer(m: re.Match[str]) -> str | None:
    year = m["year"] or m["year2"]
    return f"{year}-06-30" if year else None


_R_SUMMER = _Rule(
    re.compile(
        r"(?i)\b(?:(?:in|during|over|by|for|until|before)\s+)?(?:the\s+|(?P<which>this|next|last)\s+)"
        r"summer(?:\s+(?:transfer\s+)?window)?(?:\s+(?:of\s+)?" + _YEAR + r")?\b"
        r"|\b(?:in\s+)?summer\s+(?:of\s+)?" + _YEAR.replace("year", "year2") + r"\b"
        r"|\bin\s+summer\b"
    ),
    _SUMMERLIKE,
    _r_summer,
    _a_summer,
)


def _window_value(d: dt.date, which: str) -> str:
    """The transfer window meant: the open one ("this window"), else the next to open. A
    summer window is written as 30 June, as "this summer" is; January as the month."""
    m = d.month
    if which == "this":
        if m == 1:
            return f"{d.year}-01"
        if 6 <= m <= 9:
            return f"{d.year}-06-30"
    return f"{d.year}-06-30" if m <= 5 else f"{d.year + 1}-01"


def _r_window(m: re.Match[str], d: dt.date, s: str) -> str | None:
    word = m[0].lower()
    return _window_value(d, "opens" if ("open" in word or "next" in word) else "this")


_R_WINDOW = _Rule(
    re.compile(
        r"(?i)\b(?:in\s+|during\s+)?(?:this|the\s+current|the\s+next|next)\s+(?:transfer\s+)?"
        r"window\b|\bwhen\s+the\s+(?:transfer\s+)?window\s+(?:re)?opens\b"
    ),
    _GENERAL,
    _r_window,
)


def _r_halfway(m: re.Match[str], d: dt.date, s: str) -> str | None:
    return f"{current_season(d) + 1}-01"  # mid-season means the January window


_R_HALFWAY = _Rule(
    re.compile(
        r"(?i)\b(?:half-?way|midway)\s+through\s+(?:the|this)\s+(?:season|campaign)\b"
        r"|\bmid-(?:season|campaign)\b"
    ),
    _GENERAL,
    _r_halfway,
)


def _r_first_of(m: re.Match[str], d: dt.date, s: str) -> str | None:
    return f"{m['year']}-01"


_R_FIRST_OF = _Rule(
    re.compile(
        r"(?i)\bfirst\s+(?:buy|signing|purchase|addition|arrival|deal|move)\s+of\s+" + _YEAR + r"\b"
    ),
    _GENERAL,
    _r_first_of,
    lambda m: f"{m['year']}-01",
)

_YEAR_EVENTS = (
    r"(?!\s+(?i:world\s+cup|club\s+world\s+cup|euros?\b|european\s+championship|copa|afcon"
    r"|olympics|ballon|africa\s+cup|nations\s+league|mls|season|campaign|draft)|\s?[-/–]\d)"
)


def _r_year(m: re.Match[str], d: dt.date, s: str) -> str | None:
    year = int(m["year"])
    if year < d.year - 1:
        return None  # an older year is biography, not the event
    if (m["pre"] or "").lower().split()[0] in ("until", "till", "to", "through", "beyond", "past"):
        return f"{year}-06-30"  # a contract "until 2027" runs to the end of June
    return str(year)


_R_YEAR = _Rule(
    re.compile(
        r"\b(?P<pre>(?i:in|by|during|for|from|until|till|to|through|beyond|past|before|since"
        r"|of)\s+(?:(?i:early|late|mid)-?\s*)?)" + _YEAR + r"\b" + _YEAR_EVENTS
    ),
    _YEARLIKE,
    _r_year,
    lambda m: m["year"],
)


def _r_relyear(m: re.Match[str], d: dt.date, s: str) -> str | None:
    word = m[0].lower().split()[-2]
    if word == "next":
        return str(d.year + 1)
    if word == "last":
        return str(d.year - 1)
    return str(d.year)


_R_RELYEAR = _Rule(
    re.compile(r"(?i)\b(?:(?:earlier|later)\s+)?(?:this|next|last)\s+year\b(?!\s+of\b|'s)"),
    _YEARLIKE,
    _r_relyear,
)


_N = r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|twelve|eighteen|twenty-four)"
_R_LEFT = _Rule(
    re.compile(
        r"(?i)\b" + _N + r"\s+(?P<unit>years?|months?|seasons?)\s+(?:left|remaining|to\s+run)\b"
        r"|\b(?:final|last)\s+(?:(?:" + _N.replace("?P<n>", "?P<n2>") + r")\s+months|year|season)"
        r"\s+(?:of|on)\s+(?:his|her|their|the)\s+(?:\w+\s+){0,2}?(?:contract|deal)\b"
    ),
    _EXPIRY,
    lambda m, d, s: _r_left_any(m, d),
)


def _r_left_any(m: re.Match[str], d: dt.date) -> str | None:
    raw = m["n"] or m["n2"]
    if m["n2"]:
        n = _number(raw)
        if n is None:
            return None
        return season_end(current_season(d) + max(-(-n // 12), 1) - 1)
    if raw is None:
        return season_end(current_season(d))  # "final year of his contract"
    n = _number(raw)
    if n is None:
        return None
    seasons = -(-n // 12) if (m["unit"] or "").lower().startswith("month") else n
    return season_end(current_season(d) + max(seasons, 1) - 1)


_R_EXPIRES = _Rule(
    re.compile(
        r"(?i)\bwhen\s+(?:his|her|their|the)\s+(?:current\s+)?(?:contract|deal)\s+"
        r"(?:expires|runs\s+out|ends|is\s+up)\b"
    ),
    _WEAK,
    lambda m, d, s: season_end(current_season(d)),
)

_R_JUST = _Rule(
    re.compile(r"(?i)\b(?:has|have)\s+just\b"),
    _WEAK,
    lambda m, d, s: f"{d.year}-{d.month:02d}",
)

_R_VAGUE = _Rule(
    re.compile(
        r"(?i)(?<!as\s)\bsoon\b(?!-|\s+as\b)|\bshortly\b|\bimminently\b|\bin\s+due\s+course\b"
        r"|\bin\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months)\b"
        r"|\bin\s+the\s+near\s+future\b"
    ),
    _VAGUE,
    lambda m, d, s: None,
)

_MONTHS_LOW = tuple(name.lower() for name in _MONTH_NAMES)
_YEAR_DIGITS = ("20",)
# Each rule with the lower-case substrings one of which it needs: most sentences run none
# or one or two of the regexes.
_RULES: tuple[tuple[_Rule, tuple[str, ...]], ...] = (
    (_R_DMY, _MONTHS_LOW),
    (_R_MDY, _MONTHS_LOW),
    (_R_MONTH_YEAR, _MONTHS_LOW),
    (_R_FIRST_OF, ("first",)),
    (_R_SEASON_END, ("end of", "conclusion of", "close of", "season's end")),
    (_R_SEASON, ("season", "campaign", "-2", "/2", "–2", "-3", "/3", "–3")),
    (_R_SUMMER, ("summer",)),
    (_R_HALFWAY, ("way through", "mid-")),
    (_R_WINDOW, ("window",)),
    (_R_LEFT, ("left", "remaining", "to run", " months of", "year of", "season of")),
    (_R_YEAR, _YEAR_DIGITS),
    (_R_RELYEAR, ("this year", "next year", "last year")),
    (_R_MONTH, _MONTHS_LOW),
    (_R_WEEKDAY, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")),
    (
        _R_RELDAY,
        (
            "today",
            "tonight",
            "this morning",
            "this afternoon",
            "this evening",
            "yesterday",
            "last night",
            "tomorrow",
            "deadline day",
        ),
    ),
    (_R_WEEK, ("week",)),
    (_R_MONTHREL, ("month", "days", "fortnight", "hours", "stage")),
    (_R_EXPIRES, ("when his", "when her", "when their", "when the")),
    (_R_JUST, ("just",)),
    (
        _R_VAGUE,
        ("soon", "shortly", "imminent", "due course", "the coming", "next few", "near future"),
    ),
)
_SKIP_TRIGGERS = ("option", "obligation", "after")
# One Aho-Corasick pass over the lower-cased sentence finds every trigger (about 1 us);
# substring checks rule by rule cost tens of microseconds.
_TRIGGER_SCAN = AhoCorasick(
    sorted({t for _, triggers in _RULES for t in triggers} | set(_SKIP_TRIGGERS)),
    matchkind=MatchKind.Standard,
)


def _triggers(low: str) -> set[str]:
    found: list[str] = _TRIGGER_SCAN.find_matches_as_strings(low, overlapping=True)
    return set(found)


def _collect(s: str, found: set[str]) -> list[_Hit]:
    hits: list[_Hit] = []
    for rule, triggers in _RULES:
        if found.isdisjoint(triggers):
            continue
        for m in rule.pattern.finditer(s):
            if m.end() > m.start():
                hits.append(_Hit(m.start(), m.end(), rule.category, rule, m))
    if not hits:
        return hits
    # Drop a hit inside a longer one ("the summer" within "the summer of 2025").
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for h in hits:
        if any(k.start <= h.start and h.end <= k.end for k in kept):
            continue
        kept.append(h)
    if found.isdisjoint(_SKIP_TRIGGERS):
        return kept
    skips = [(z.start(), z.end()) for z in _SKIP_ZONES.finditer(s)]
    if skips:
        kept = [h for h in kept if not any(a <= h.start < b for a, b in skips)]
    return kept


def _is_duration(h: _Hit, s: str) -> bool:
    """An expression bounding a period ("until 2027", "past next summer")."""
    if h.rule is _R_YEAR:
        pre = (h.match["pre"] or "").lower().split()
        if pre and pre[0] in ("until", "till", "to", "through", "beyond", "past"):
            return True
    if h.rule is _R_MONTH and (h.match["pre"] or "").lower().strip() in ("until", "till"):
        return True
    if h.match[0].lower().startswith("from ") and _RANGE_AFTER.match(s, h.end):
        return True
    return _DURATION_BEFORE.search(s, max(0, h.start - 40), h.start) is not None


def _allowed(h: _Hit, kind: str | None, s: str, duration: bool) -> bool:
    category = _DURATION if duration else h.category
    if kind == "contract_expiring":
        if h.rule in (_R_MONTH, _R_MONTH_YEAR):
            # Only a June month is an expiry ("end contract in June").
            return h.match["mon"] == "June" and _CONTRACT_WORD.search(s) is not None
        return category in _EXPIRY_CATEGORIES or h.rule is _R_EXPIRES
    return category not in (_EXPIRY, _DURATION)


def _pick(hits: list[_Hit], kind: str | None, s: str) -> _Hit | None:
    strong: list[_Hit] = []
    fallback: list[_Hit] = []
    for h in hits:
        if h.rule is _R_WEEKDAY and _REPORTED_BEFORE.search(s, max(0, h.start - 12), h.start):
            continue
        if h.rule is _R_MONTH and not (h.match["pre"] or h.match["win"]):
            continue  # a bare capitalised month may be a verb or a name ("March on")
        duration = _is_duration(h, s)
        if not _allowed(h, kind, s, duration):
            # With no kind, a contract bound is still better than nothing.
            if kind is None and (duration or h.category == _EXPIRY):
                fallback.append(h)
            continue
        if h.category in (_WEAK, _VAGUE):
            fallback.append(h)
        else:
            strong.append(h)
    if strong:
        return strong[0]
    if fallback:
        # Weak before vague, each in order of position.
        fallback.sort(key=lambda h: (h.category == _VAGUE, h.start))
        return fallback[0]
    return None


def _phrase(s: str, h: _Hit) -> str:
    return s[h.start : h.end].strip(" ,")


def normalise_timeframe(
    sentence: str, published: dt.date | None, *, kind: str | None = None
) -> str | None:
    """The time of the claimed event in `sentence`, normalised against `published`.

    Returns an ISO date, ``YYYY-MM``, ``YYYY-Www``, ``YYYY`` or a ``YYYY-YY`` season when
    `published` is known, else the phrase as written (absolute expressions normalised);
    None when the sentence says nothing about when. `kind` is the claim kind: for
    ``contract_expiring`` the timeframe is the expiry (default: end of the current season).
    """
    d = published.date() if isinstance(published, dt.datetime) else published
    expiring_default = (
        season_end(current_season(d)) if d is not None and kind == "contract_expiring" else None
    )
    if not sentence:
        return expiring_default
    found = _triggers(sentence.lower())
    if not found:
        return expiring_default
    hits = _collect(sentence, found)
    if not hits:
        return expiring_default
    hit = _pick(hits, kind, sentence)
    if hit is None:
        return expiring_default
    if d is None:
        if hit.rule.absolute is not None:
            value = hit.rule.absolute(hit.match)
            if value is not None:
                return value
        return _phrase(sentence, hit)
    try:
        value = hit.rule.resolve(hit.match, d, sentence)
    except (OverflowError, ValueError):
        return None  # a date at the edge of the calendar: nothing sensible to say
    if value is None and kind == "contract_expiring":
        return expiring_default
    return value
