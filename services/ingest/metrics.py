"""Prometheus metrics of the ingest service, labelled by door (`via`)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ACCEPTED = Counter(
    "touchline_ingest_accepted_total", "Articles published to the articles topic.", ["via"]
)
DUPLICATES = Counter(
    "touchline_ingest_duplicates_total", "Articles already seen, not published again.", ["via"]
)
REJECTED = Counter(
    "touchline_ingest_rejected_total",
    "Inputs rejected by validation, by the field at fault.",
    ["via", "field"],
)
UNAVAILABLE = Counter(
    "touchline_ingest_unavailable_total",
    "Pushes refused because Kafka or Postgres was unreachable.",
    ["via", "dependency"],
)
PUBLISH_SECONDS = Histogram(
    "touchline_ingest_publish_seconds",
    "Time from publishing a set of articles to the broker's acknowledgement.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
FEED_POLLS = Counter("touchline_ingest_feed_polls_total", "Feed polls, by HTTP status.", ["status"])


def door(via: str | None) -> str:
    """The door as a bounded label: feed URLs would make one series per feed."""
    if not via:
        return "unknown"
    return "feed" if via.startswith("feed:") else via
