"""Kafka plumbing every service shares: the broker, its topics, and the dead-letter step.

FastStream has no dead-letter topic or retry of its own (engineering.md): a consumer that
cannot process a message sends its raw bytes and the reason to `<topic>.dlq`, awaits the
broker's acknowledgement, and only then lets its offset be committed. Transient failures
(a broker or database that is away) are retried instead, forever with a capped backoff, so
an outage delays messages but never dead-letters good ones.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, KafkaError, TopicAlreadyExistsError
from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from shared import producer
from shared.codecs import PoisonMessage, encode
from shared.db import DATABASE_AWAY
from shared.events import DeadLetter
from shared.settings import Settings
from shared.topics import Topics

log = logging.getLogger("touchline.kafka")

T = TypeVar("T")

# Errors that mean "the world is briefly away", not "this message is bad".
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    KafkaError,
    *DATABASE_AWAY,
)


def broker_security(settings: Settings) -> BaseSecurity | None:
    context = settings.ssl_context()
    if settings.kafka_sasl_mechanism:
        user = settings.kafka_sasl_username or ""
        password = (
            settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else ""
        )
        scheme = {
            "PLAIN": SASLPlaintext,
            "SCRAM-SHA-256": SASLScram256,
            "SCRAM-SHA-512": SASLScram512,
        }[settings.kafka_sasl_mechanism]
        return scheme(user, password, ssl_context=context)
    if context is not None:
        return BaseSecurity(ssl_context=context)
    return None


def make_broker(settings: Settings, *, service: str, **options: Any) -> KafkaBroker:
    """A broker whose producer never loses an acknowledged write (idempotent, acks=all)
    and replaces itself when aiokafka leaves it broken (shared.producer)."""
    defaults: dict[str, Any] = {
        "client_id": f"{settings.kafka_client_id}-{service}",
        "security": broker_security(settings),
        "acks": "all",
        "enable_idempotence": True,
        "compression_type": "gzip",
        "linger_ms": 5,
        "graceful_timeout": 15.0,
        "request_timeout_ms": 15_000,
        "allow_auto_create_topics": False,
    }
    defaults.update(options)
    broker = KafkaBroker(settings.kafka_bootstrap_servers, **defaults)
    if defaults["enable_idempotence"]:
        producer.install(broker)
    return broker


async def ensure_topics(settings: Settings, *, attempts: int = 60) -> Topics:
    """Create every topic of shared.topics that is missing; safe to run from every replica."""
    topics = Topics.from_settings(settings)
    wanted = topics.specs(settings)
    for attempt in range(1, attempts + 1):
        admin = AIOKafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            client_id=f"{settings.kafka_client_id}-admin",
            **settings.kafka_security(),
        )
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [
                NewTopic(
                    name=s.name,
                    num_partitions=s.partitions,
                    replication_factor=s.replication,
                    topic_configs=s.config,
                )
                for s in wanted
                if s.name not in existing
            ]
            if missing:
                # Another replica may create it between our list and create.
                with contextlib.suppress(TopicAlreadyExistsError):
                    await admin.create_topics(missing)
            return topics
        except (KafkaConnectionError, OSError) as error:
            if attempt == attempts:
                raise
            log.warning("Kafka not reachable yet (%s); retrying", error)
            await asyncio.sleep(min(0.5 * attempt, 5.0))
        finally:
            await admin.close()
    return topics


# A dead letter must always fit under the broker's default message.max.bytes (~1 MB) and
# the producer's max_request_size, or a huge poison record could never be dead-lettered
# and would be re-read for ever: beyond this, only the head of the original is kept.
MAX_ORIGINAL_BYTES = 256 * 1024


def _original(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), "base64"


@dataclass(frozen=True, slots=True)
class DeadLetters:
    """Sends what cannot be processed to `<topic>.dlq`, with the original bytes and why."""

    broker: KafkaBroker
    service: str

    async def send(
        self,
        *,
        topic: str,
        raw: bytes,
        reason: str,
        error_type: str,
        key: bytes | None = None,
        partition: int | None = None,
        offset: int | None = None,
    ) -> None:
        if len(raw) > MAX_ORIGINAL_BYTES:
            reason = (
                f"{reason} [original {len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()};"
                f" its first {MAX_ORIGINAL_BYTES} bytes kept]"
            )
            raw = raw[:MAX_ORIGINAL_BYTES]
        original, encoding = _original(raw)
        letter = DeadLetter(
            topic=topic,
            partition=partition,
            offset=offset,
            key=key.decode("utf-8", "replace") if key is not None else None,
            reason=reason,
            error_type=error_type,
            original=original,
            original_encoding=encoding,
            failed_at=datetime.now(UTC),
            service=self.service,
        )
        await self.broker.publish(
            encode(letter),
            topic=Topics.dlq(topic),
            key=key,
            headers={"x-dlq-reason": reason[:512], "x-dlq-service": self.service},
        )
        log.warning("dead-lettered %s[%s]@%s: %s", topic, partition, offset, reason)

    async def send_record(self, record: ConsumerRecord[Any, Any], error: BaseException) -> None:
        await self.send(
            topic=record.topic,
            raw=record.value or b"",
            reason=str(error) or type(error).__name__,
            error_type=type(error).__name__,
            key=record.key,
            partition=record.partition,
            offset=record.offset,
        )


@dataclass(frozen=True, slots=True)
class Decoded(Generic[T]):
    record: ConsumerRecord[Any, Any]
    value: T


async def decode_batch(
    records: Iterable[ConsumerRecord[Any, Any]],
    decode: Callable[[bytes], T],
    dead_letters: DeadLetters,
) -> list[Decoded[T]]:
    """Decode each record; the poison ones go to the dead-letter topic and drop out."""
    good: list[Decoded[T]] = []
    for record in records:
        try:
            good.append(Decoded(record, decode(record.value or b"")))
        except PoisonMessage as error:
            await dead_letters.send_record(record, error)
    return good


async def retry_transient(
    action: Callable[[], Awaitable[T]],
    *,
    what: str,
    max_delay: float = 5.0,
    is_transient: Callable[[BaseException], bool] | None = None,
) -> T:
    """Run `action` until it succeeds or fails for a reason that is not transient."""
    check = is_transient or (lambda e: isinstance(e, TRANSIENT_ERRORS))
    delay = 0.2
    while True:
        try:
            return await action()
        except Exception as error:
            if not check(error):
                raise
            log.warning("%s failed transiently (%r); retrying in %.1fs", what, error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)


def raw_records(message: Any) -> Sequence[ConsumerRecord[Any, Any]]:
    """The ConsumerRecords behind a FastStream Kafka message, batch or single."""
    raw = message.raw_message
    return tuple(raw) if isinstance(raw, (tuple, list)) else (raw,)


def keep_raw(message: Any) -> Any:
    """Decoder for batch subscribers: hand over the records untouched.

    FastStream's own batch decoder json-decodes every value before the handler runs, even
    when the handler takes no body; one invalid record then fails the whole batch before
    decode_batch can dead-letter it, and with NACK_ON_ERROR it is re-read for ever
    (verified on the real broker, docs/kafka-consumers.md).
    """
    return message.raw_message


async def tolerant_headers(
    records: tuple[ConsumerRecord[Any, Any], ...], original: Callable[..., Awaitable[Any]]
) -> Any:
    """Parser for batch subscribers: FastStream decodes header values as strict UTF-8 and a
    record with a bad header is dropped with nothing but a log line; replace bad bytes
    instead, so the record reaches the handler (and the dead-letter topic if it must)."""
    return await original(
        tuple(
            dataclasses.replace(
                record,
                headers=[(k, v.decode("utf-8", "replace").encode()) for k, v in record.headers],
            )
            for record in records
        )
    )


def consumer_group(settings: Settings, service: str) -> str:
    """`touchline-<service>` for the default prefix; private topics get a private group."""
    return f"{settings.topic_prefix.rstrip('.') or 'touchline'}-{service}"


def batch_options(settings: Settings, *, group_id: str) -> dict[str, Any]:
    """The subscriber options every batch consumer uses: a group, offsets committed only
    after the handler returns (NACK_ON_ERROR re-reads the batch when it raises), history
    from the start, and records handed over raw for decode_batch."""
    return {
        "batch": True,
        "group_id": group_id,
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "auto_offset_reset": "earliest",
        "max_records": settings.batch_max_records,
        "batch_timeout_ms": settings.batch_timeout_ms,
        "decoder": keep_raw,
        "parser": tolerant_headers,
    }
