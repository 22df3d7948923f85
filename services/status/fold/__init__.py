"""The fold: a player's claims into his picture. Pure: no I/O, no clock, no randomness."""

from .order import canonical_json, dedup, in_event_order, order_key
from .picture import PictureContent, content_json, fold, next_status, status_digest

__all__ = [
    "PictureContent",
    "canonical_json",
    "content_json",
    "dedup",
    "fold",
    "in_event_order",
    "next_status",
    "order_key",
    "status_digest",
]
