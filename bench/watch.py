"""Observers that run beside the pipeline during a benchmark: a status-topic subscriber
that notes when each status event arrived, and a sampler of each service's memory."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson
import psutil  # type: ignore[import-untyped]
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.settings import Settings


@dataclass(frozen=True, slots=True)
class StatusArrival:
    arrived: float  # time.time() when this process received it
    produced: float  # the record's timestamp (the relay's send time), seconds
    player_id: str
    version: int
    claim_ids: frozenset[str]


def cited_claims(status: dict[str, Any]) -> frozenset[str]:
    """Every claim id a status picture cites as its evidence."""
    ids: set[str] = set(status.get("current_club_claims") or ())
    ids.update(status.get("stance_claims") or ())
    for part in ("contract", "outlook"):
        if status.get(part):
            ids.update(status[part].get("claims") or ())
    for suitor in status.get("suitors") or ():
        ids.update(suitor.get("claims") or ())
    return frozenset(ids)


@dataclass
class StatusWatcher:
    """Subscribes to the status topic from the beginning and keeps every event's arrival."""

    settings: Settings
    topic: str
    arrivals: list[StatusArrival] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            client_id=f"bench-watch-{uuid.uuid4().hex[:6]}",
            fetch_max_wait_ms=50,
            **self.settings.kafka_security(),
        )
        await consumer.start()
        await consumer._client.force_metadata_update()  # the topic is new to this client
        partitions = [
            TopicPartition(self.topic, p) for p in consumer.partitions_for_topic(self.topic) or ()
        ]
        if not partitions:
            await consumer.stop()
            raise RuntimeError(f"status topic {self.topic} has no partitions (not created?)")
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        self._task = asyncio.create_task(self._run(consumer))

    async def _run(self, consumer: AIOKafkaConsumer) -> None:
        try:
            while True:
                batches = await consumer.getmany(timeout_ms=200, max_records=5000)
                now = time.time()
                for records in batches.values():
                    for record in records:
                        status = orjson.loads(record.value)
                        self.arrivals.append(
                            StatusArrival(
                                arrived=now,
                                produced=record.timestamp / 1000,
                                player_id=status["player_id"],
                                version=status["version"],
                                claim_ids=cited_claims(status),
                            )
                        )
        finally:
            await consumer.stop()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@dataclass
class MemorySampler:
    """Peak resident memory of each service's process tree, sampled every `every_s`."""

    pids: dict[str, int]
    every_s: float = 0.2
    peak_bytes: dict[str, int] = field(default_factory=dict)
    _task: asyncio.Task[None] | None = None

    def sample(self) -> None:
        for name, pid in self.pids.items():
            try:
                root = psutil.Process(pid)
                tree = [root, *root.children(recursive=True)]
                rss = 0
                for process in tree:
                    with contextlib.suppress(psutil.Error):
                        rss += process.memory_info().rss
            except psutil.Error:
                continue
            self.peak_bytes[name] = max(self.peak_bytes.get(name, 0), rss)

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.every_s)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self.sample()
