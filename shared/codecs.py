"""orjson encoding of events, and CloudEvents attributes carried as Kafka headers.

The CloudEvents Kafka binding (binary mode) puts each attribute in a `ce_` header and the
data in the value; the key is the partition key the topic table in shared.topics names.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

CE_SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"

E = TypeVar("E", bound=BaseModel)


class PoisonMessage(ValueError):
    """A message that can never be processed, with a reason fit for the dead-letter topic."""


def encode(event: BaseModel) -> bytes:
    return orjson.dumps(event.model_dump(mode="json"))


def decode(model: type[E], raw: bytes | str) -> E:
    """Parse and validate one event; every failure becomes a PoisonMessage naming the field."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise PoisonMessage(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise PoisonMessage(f"expected a JSON object, got {type(data).__name__}")
    expected = model.model_fields.get("schema_version")
    if expected is not None and data.get("schema_version") != expected.default:
        raise PoisonMessage(
            f"schema_version: expected {expected.default}, got {data.get('schema_version')!r}"
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise PoisonMessage(describe_validation_error(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    parts = []
    for problem in error.errors():
        field = ".".join(str(p) for p in problem["loc"]) or "(message)"
        parts.append(f"{field}: {problem['msg']}")
    return "; ".join(parts)


def cloudevent_headers(
    *, id: str, type: str, source: str, time: datetime | None = None, subject: str | None = None
) -> dict[str, str]:
    headers = {
        "ce_specversion": CE_SPECVERSION,
        "ce_id": id,
        "ce_type": type,
        "ce_source": source,
        "ce_time": (time or datetime.now(UTC)).isoformat(),
        "content-type": CONTENT_TYPE,
    }
    if subject:
        headers["ce_subject"] = subject
    return headers


# The CloudEvents `type` of each event, reverse-DNS as the spec recommends.
ARTICLE_TYPE = "io.touchline.article.v1"
CLAIM_TYPE = "io.touchline.claim.v1"
STATUS_TYPE = "io.touchline.status.v1"


def headers_as_text(headers: Any) -> dict[str, str]:
    """aiokafka gives headers as (name, bytes) pairs; FastStream as a dict of str."""
    if isinstance(headers, dict):
        return {str(k): v.decode() if isinstance(v, bytes) else str(v) for k, v in headers.items()}
    return {k: v.decode(errors="replace") for k, v in headers or ()}
