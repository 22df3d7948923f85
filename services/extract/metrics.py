"""Prometheus metrics of the extract service (exposed on /metrics by shared.web)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ARTICLES = Counter(
    "touchline_extract_articles",
    "Articles taken from the articles topic, by outcome (extracted or dead_lettered)",
    ["outcome"],
)
CLAIMS = Counter("touchline_extract_claims", "Claims published to the claims topic", ["kind"])
LATENCY = Histogram(
    "touchline_extract_article_seconds",
    "Time the engine took to extract one article",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
ERRORS = Counter(
    "touchline_extract_errors",
    "Records dead-lettered (poison, engine) or operations retried (transient), by reason",
    ["reason"],
)
BATCH_SIZE = Histogram(
    "touchline_extract_batch_records",
    "Records per batch taken from the articles topic",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
)
