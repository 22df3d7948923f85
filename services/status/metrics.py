"""Prometheus metrics of the status service (served on /metrics by shared.web)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

CLAIMS_RECEIVED = Counter(
    "touchline_status_claims_received_total", "Claims read from the claims topic"
)
CLAIMS_STORED = Counter(
    "touchline_status_claims_stored_total", "Claims stored for the first time (not redeliveries)"
)
CLAIMS_DEAD_LETTERED = Counter(
    "touchline_status_claims_dead_lettered_total", "Claims sent to the claims dead-letter topic"
)
PICTURES_CHANGED = Counter(
    "touchline_status_pictures_changed_total", "New picture versions written"
)
BATCH_SECONDS = Histogram(
    "touchline_status_batch_seconds", "Time to store and fold one batch of claims"
)
OUTBOX_PUBLISHED = Counter(
    "touchline_status_outbox_published_total", "Status events published to the status topic"
)
OUTBOX_PENDING = Gauge(
    "touchline_status_outbox_pending", "Status events written but not yet published"
)
