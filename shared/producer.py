"""A FastStream Kafka producer that replaces its aiokafka producer once it is broken for good.

aiokafka's idempotent producer numbers each batch per partition. When the broker rejects a
batch with OutOfOrderSequenceNumber (seen here after a broker restart under load: batches
retried across the restart leave a gap) the producer does not reset its sequences or bump
its epoch, as the Java client does, and every later batch to that partition is rejected
the same way: "producing stops until we restart" (aio-libs/aiokafka#1017). Retrying the
send, as every service does with a transient error, can then never succeed.

The only cure is a new producer, which gets a new producer id and starts its sequences at
zero. `HealingProducer` takes the place of FastStream's producer in `make_broker`: when a
send it started fails with such an error, it starts a new aiokafka producer, swaps it in
(later publishes use it at once), and retires the broken one: that one may flush what it
still can for a while, then whatever it holds is failed with ProducerClosed. The caller
still sees its error, which is a KafkaError and so retried as transient by the services;
the retry goes through the new producer. Nothing is lost: a batch the broker rejected was
not written, and a caller only forgets a message once its send has been acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    InvalidProducerEpoch,
    InvalidProducerIdMapping,
    OutOfOrderSequenceNumber,
    ProducerClosed,
    ProducerFenced,
    UnknownProducerId,
)
from faststream.kafka import KafkaBroker
from faststream.kafka.publisher.producer import AioKafkaFastProducerImpl
from faststream.kafka.publisher.state import ProducerState, RealProducer
from faststream.kafka.response import KafkaPublishCommand
from prometheus_client import Counter

log = logging.getLogger("touchline.kafka.producer")

# Errors after which an idempotent aiokafka producer never sends to that partition again.
PRODUCER_BROKEN: tuple[type[BaseException], ...] = (
    OutOfOrderSequenceNumber,
    UnknownProducerId,
    InvalidProducerEpoch,
    InvalidProducerIdMapping,
    ProducerFenced,
)

RENEWALS = Counter(
    "touchline_kafka_producer_renewals_total",
    "Kafka producers replaced after an unrecoverable producer error",
    ["client_id"],
)

# How long a retired producer may go on flushing what it holds before the rest is failed.
RETIRE_TIMEOUT_S = 10.0


def is_producer_broken(error: BaseException | None) -> bool:
    return isinstance(error, PRODUCER_BROKEN)


class HealingProducer(AioKafkaFastProducerImpl):
    """FastStream's producer, plus `renew`: see the module's docstring."""

    __slots__ = ("_client_id", "_factory", "_lock", "_tasks", "renewals")

    def __init__(self, *, factory: Callable[[], AIOKafkaProducer], client_id: str) -> None:
        super().__init__(parser=None, decoder=None)
        self._factory = factory
        self._client_id = client_id
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self.renewals = 0

    @property
    def current(self) -> AIOKafkaProducer:
        """The aiokafka producer publishes go through now."""
        return self._producer.producer

    async def publish(self, cmd: KafkaPublishCommand) -> Any:
        return await self._watched(super().publish, cmd)

    async def publish_batch(self, cmd: KafkaPublishCommand) -> Any:
        return await self._watched(super().publish_batch, cmd)

    async def _watched(self, send: Callable[[KafkaPublishCommand], Any], cmd: Any) -> Any:
        state = self._producer
        try:
            result = await send(cmd)
        except PRODUCER_BROKEN:
            await self.renew(state)
            raise
        if isinstance(result, asyncio.Future):
            # no_confirm: the error, if any, comes later, on the future.
            result.add_done_callback(lambda future: self._settled(state, future))
        return result

    def _settled(self, state: ProducerState, future: asyncio.Future[Any]) -> None:
        if not future.cancelled() and is_producer_broken(future.exception()):
            self._spawn(self.renew(state))

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)  # a reference, so the task is not collected while it runs
        task.add_done_callback(self._tasks.discard)

    async def renew(self, broken: ProducerState) -> None:
        """Replace `broken` with a new producer, unless that was done already. Never raises:
        when the new producer cannot start, the old one stays and the next failure retries."""
        async with self._lock:
            if self._producer is not broken or not self._producer:
                return  # renewed by an earlier failure, or disconnected
            log.warning("Kafka producer %s is broken for good; starting a new one", self._client_id)
            fresh = self._factory()
            try:
                await fresh.start()
            except Exception as error:
                log.warning("could not start a new Kafka producer yet (%r)", error)
                with contextlib.suppress(Exception):
                    await fresh.stop()
                return
            self._producer = RealProducer(fresh)
            self.renewals += 1
            RENEWALS.labels(self._client_id).inc()
        self._spawn(_retire(broken.producer))

    async def quiesce(self) -> None:
        """Wait until the renewals and retirements under way are over."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def disconnect(self) -> None:
        # A producer still retiring gets its bounded time to stop; then nothing is left.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.quiesce(), RETIRE_TIMEOUT_S + 5.0)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await super().disconnect()


async def _retire(producer: AIOKafkaProducer) -> None:
    """Let a replaced producer flush for a while, then fail what it still holds, so no
    caller waits for ever on an acknowledgement it will never get."""
    try:
        await asyncio.wait_for(producer.stop(), RETIRE_TIMEOUT_S)
        return
    except Exception as error:  # a broken producer may fail any way
        log.warning("retired Kafka producer did not stop cleanly (%r); failing the rest", error)
    # aiokafka has no public way to abandon pending batches: fail them in its accumulator,
    # then stop its sender and connections.
    producer._message_accumulator.fail_all(ProducerClosed())
    sender = producer._sender
    with contextlib.suppress(BaseException):
        await sender.close()
    with contextlib.suppress(Exception):
        await producer.client.close()


def install(broker: KafkaBroker) -> HealingProducer:
    """Put a HealingProducer in `broker`'s place before it connects; returns it."""
    config = broker.config.broker_config
    replaced = config.producer
    healing = HealingProducer(
        # The same options FastStream itself builds its producer from.
        factory=lambda: AIOKafkaProducer(**broker._connection_kwargs),
        client_id=str(broker._connection_kwargs.get("client_id", "")),
    )
    # Keep the broker-level parser and decoder FastStream gave its own producer.
    if isinstance(replaced, AioKafkaFastProducerImpl):
        healing._parser, healing._decoder = replaced._parser, replaced._decoder
    config.producer = healing
    return healing
