"""Deterministic identifiers, so that re-processing the same input yields the same ids."""

from __future__ import annotations

import re
import unicodedata
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# A fixed namespace: changing it would re-key every stored article and claim.
_NAMESPACE = uuid.UUID("6f1c7b0e-3a53-4c1e-9a55-7d1f0f1e2b11")

# Query parameters that only track where a reader came from; they never change the article.
_TRACKING_PARAMS = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|cmpid|ito|at_.*|"
    r"ns_.*|_ga|yclid|spm|share|sr_share|ocid|icid|ncid|guccounter)$",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, sorted query, no
    trailing slash: two links to the same page give the same string."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    if scheme == "http":
        scheme = "https"  # the same page is served on both; treat them as one article
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAMS.match(k)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def normalise_text(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: the identity of an article without a URL."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def article_id(*, url: str | None, text: str) -> str:
    key = f"url:{canonical_url(url)}" if url else f"text:{normalise_text(text)}"
    return str(uuid.uuid5(_NAMESPACE, key))


def slug(name: str) -> str:
    """`Trent Alexander-Arnold` -> `trent-alexander-arnold`; accents folded."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unknown"


def player_id(name: str) -> str:
    return slug(name)


def claim_id(*, article_id: str, kind: str, player: str, club: str | None, polarity: str) -> str:
    key = "|".join((article_id, kind, player_id(player), slug(club) if club else "-", polarity))
    return str(uuid.uuid5(_NAMESPACE, key))
