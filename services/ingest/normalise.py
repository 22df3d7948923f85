"""The one validation and normalisation path every door shares: raw input to an Article.

Pure: no I/O, the clock is passed in. A failure is a `Rejection` naming the field and what
was wrong with it, never an exception, so each door can report it its own way (HTTP 4xx,
dead-letter topic, CLI summary).

Unknown fields are ignored, not rejected: producers send their own extras (an `id`, gold
`claims` in the corpus files) and refusing them would make every producer strip its output
first. The HTTP door lists the ignored names in its answer so a misspelt field is visible.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import orjson
import trafilatura
from dateutil import parser as dateutil_parser
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from shared.events import ARTICLE_SCHEMA_VERSION, Article
from shared.ids import article_id, canonical_url, normalise_text

_LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$"


class ArticleIn(BaseModel):
    """What a producer sends: the request body of `POST /articles`, an inbox message."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://example.com/news/salah-new-deal",
                    "title": "Salah signs new deal",
                    "outlet": "Example News",
                    "published": "2025-04-11T09:30:00+01:00",
                    "text": "Mohamed Salah has signed a new two-year contract with Liverpool.",
                }
            ]
        },
    )

    # The json_schema_extra hints make the OpenAPI document say what `normalise` checks
    # (as far as a schema can), so clients and fuzzers build acceptable bodies; validation
    # itself stays in `normalise`, with its own messages.
    text: StrictStr = Field(
        description="The article text, plain or HTML (reduced to its main text).",
        json_schema_extra={"minLength": 1, "pattern": r"\w"},
    )
    url: StrictStr | None = Field(
        default=None,
        description="Absolute http(s) URL of the article.",
        json_schema_extra={"format": "uri", "pattern": r"^https?://[^\s/?#]+[^\s]*$"},
    )
    title: StrictStr | None = Field(default=None, json_schema_extra={"maxLength": 2_000})
    outlet: StrictStr | None = Field(default=None, json_schema_extra={"maxLength": 2_000})
    author: StrictStr | None = Field(default=None, json_schema_extra={"maxLength": 2_000})
    published: StrictStr | None = Field(
        default=None,
        description="ISO 8601 or RFC 2822; a time without zone is UTC; missing means now.",
        json_schema_extra={"format": "date-time"},
    )
    language: StrictStr | None = Field(
        default=None,
        description="BCP 47 tag, e.g. `en`.",
        json_schema_extra={"pattern": _LANGUAGE_PATTERN},
    )


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why an input cannot become an article: the field (or `article`) and the problem."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Limits:
    max_article_bytes: int = 1_000_000
    max_field_chars: int = 2_000
    # A publication time further ahead than this is a mistake, not news from the future.
    max_future: timedelta = timedelta(days=2)


DEFAULT_LIMITS = Limits()
KNOWN_FIELDS = frozenset(ArticleIn.model_fields) | {"schema_version"}

# trafilatura logs an ERROR for every fragment too short to parse as a page; for us that is
# the ordinary case handled by the tag-strip fallback, not an error.
for _name in ("trafilatura", "trafilatura.core", "trafilatura.utils", "trafilatura.main_extractor"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_HTML_HINT = re.compile(
    r"<\s*(?:!doctype|html|head|body|p|div|br|article|section|main|span|a|h[1-6]|ul|ol|li|"
    r"table|em|strong|b|i|blockquote|script|style|figure|img)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_END = re.compile(
    r"</\s*(?:p|div|h[1-6]|li|tr|blockquote|article|section)\s*>|<br\s*/?>", re.I
)
# Invisible characters that carry no words: zero-width spaces, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_LANGUAGE = re.compile(_LANGUAGE_PATTERN)


def is_language_tag(value: str) -> bool:
    return _LANGUAGE.match(value.strip()) is not None


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text) is not None


def strip_tags(markup: str) -> str:
    """The fallback when trafilatura finds no main text: drop scripts, keep block breaks."""
    without_scripts = _SCRIPT.sub(" ", markup)
    with_breaks = _BLOCK_END.sub("\n\n", without_scripts)
    return html.unescape(_TAG.sub(" ", with_breaks))


def html_to_text(markup: str) -> str:
    extracted = trafilatura.extract(markup, include_comments=False, include_tables=False)
    if extracted and extracted.strip():
        return str(extracted)
    return strip_tags(markup)


def clean_text(text: str) -> str:
    """NFC, line endings and runs of spaces unified, invisible characters dropped; the words
    themselves are untouched."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: str) -> str:
    """A one-line field (title, outlet, author): tags dropped, whitespace collapsed."""
    if looks_like_html(value):
        value = strip_tags(value)
    return " ".join(clean_text(value).split())


def parse_published(value: str) -> datetime | None:
    """ISO 8601 (a date alone is its midnight) or RFC 2822; a naive time is UTC."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = dateutil_parser.isoparse(value)
        except (ValueError, OverflowError):
            try:
                parsed = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                return None
    if parsed is None:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _check_url(url: str) -> str | None:
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url.strip()):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


def dedup_key(article: Article) -> str:
    """What makes two pushes the same article: its canonical URL, or without a URL the
    hash of its normalised text (the same identity shared.ids.article_id uses)."""
    if article.canonical_url:
        return f"url:{article.canonical_url}"
    return "text:" + hashlib.sha256(normalise_text(article.text).encode()).hexdigest()


def parse_json(raw: bytes | str) -> dict[str, Any] | Rejection:
    """Bytes as sent to a JSON object, or a Rejection saying which step failed."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return Rejection("article", f"not valid UTF-8 at byte {error.start}")
    if not raw.strip():
        return Rejection("article", "empty message")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return Rejection("article", f"not valid JSON: {error}")
    if not isinstance(data, dict):
        return Rejection("article", f"expected a JSON object, got {_json_type(data)}")
    return data


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _describe(error: ValidationError) -> Rejection:
    problem = error.errors()[0]
    field = ".".join(str(p) for p in problem["loc"]) or "article"
    kind = problem["type"]
    if kind == "missing":
        return Rejection(field, "required field is missing")
    if kind in ("string_type", "str_type"):
        return Rejection(field, f"expected a string, got {_json_type(problem['input'])}")
    return Rejection(field, str(problem["msg"]))


def normalise(
    data: Mapping[str, Any],
    *,
    now: datetime,
    via: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Article | Rejection:
    """A producer's article as a dict to a validated, normalised Article."""
    # A producer may omit schema_version (it is ours to stamp), but one that names another
    # version means a shape we do not know: reject rather than guess.
    version = data.get("schema_version", ARTICLE_SCHEMA_VERSION)
    if version != ARTICLE_SCHEMA_VERSION:
        return Rejection(
            "schema_version", f"expected {ARTICLE_SCHEMA_VERSION} or none, got {version!r}"
        )
    try:
        given = ArticleIn.model_validate(dict(data))
    except ValidationError as error:
        return _describe(error)

    if given.text.strip() and looks_like_html(given.text):
        text = clean_text(html_to_text(given.text))
    else:
        text = clean_text(given.text)
    if not text:
        what = "empty" if not given.text.strip() else "empty after cleaning (no words in it)"
        return Rejection("text", what)
    size = len(text.encode("utf-8"))
    if size > limits.max_article_bytes:
        return Rejection(
            "text",
            f"too long: {size} bytes after cleaning, the maximum is {limits.max_article_bytes}",
        )

    url: str | None = None
    if given.url is not None and given.url.strip():
        url = _check_url(given.url)
        if url is None:
            return Rejection("url", f"not an absolute http(s) URL: {given.url[:200]!r}")

    lines: dict[str, str | None] = {}
    for name in ("title", "outlet", "author"):
        value = getattr(given, name)
        cleaned = clean_line(value) if value is not None else ""
        if len(cleaned) > limits.max_field_chars:
            return Rejection(
                name,
                f"too long: {len(cleaned)} characters, the maximum is {limits.max_field_chars}",
            )
        lines[name] = cleaned or None

    language: str | None = None
    if given.language is not None and given.language.strip():
        if not is_language_tag(given.language):
            return Rejection("language", f"not a language tag like 'en': {given.language[:50]!r}")
        language = given.language.strip().replace("_", "-").lower()

    inferred = False
    published: datetime
    if given.published is None or not given.published.strip():
        published, inferred = now, True
    else:
        parsed = parse_published(given.published)
        if parsed is None:
            return Rejection(
                "published", f"not an ISO 8601 or RFC 2822 date: {given.published[:100]!r}"
            )
        if parsed - now > limits.max_future:
            return Rejection("published", f"in the future: {parsed.isoformat()}")
        published = parsed

    return Article(
        id=article_id(url=url, text=text),
        url=url,
        canonical_url=canonical_url(url) if url else None,
        title=lines["title"],
        outlet=lines["outlet"],
        author=lines["author"],
        published=published,
        published_inferred=inferred,
        language=language,
        text=text,
        ingested_at=now,
        via=via,
    )


def normalise_bytes(
    raw: bytes | str,
    *,
    now: datetime,
    via: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Article | Rejection:
    """A message as sent (inbox record, HTTP body) to an Article: size, UTF-8, JSON, fields."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    if size > limits.max_article_bytes:
        return Rejection(
            "article", f"too large: {size} bytes, the maximum is {limits.max_article_bytes}"
        )
    data = parse_json(raw)
    if isinstance(data, Rejection):
        return data
    return normalise(data, now=now, via=via, limits=limits)


def ignored_fields(data: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in data if k not in KNOWN_FIELDS)


def html_document(markup: str, *, url: str | None = None) -> dict[str, Any]:
    """An HTML page as an article dict: the page itself as text (normalise extracts its main
    text) and whatever title, author, date and URL its metadata gives."""
    document: dict[str, Any] = {"text": markup}
    if url:
        document["url"] = url
    meta = trafilatura.extract_metadata(markup, default_url=url)
    if meta is not None:
        for field, value in (
            ("title", meta.title),
            ("author", meta.author),
            ("published", meta.date),
            ("outlet", meta.sitename),
            ("url", meta.url),
        ):
            if isinstance(value, str) and value.strip() and field not in document:
                document[field] = value
    return document
