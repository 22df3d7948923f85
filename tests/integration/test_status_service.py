"""The status service on the real Kafka and Postgres.

Each test gets its own database and its own topics (and so its own consumer group): the
service under test is the real one (`build_app`'s lifespan: migrations, consumer, relay),
fed by producing claim events to the claims topic.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord
from fastapi import FastAPI

from services.status.consumer import ClaimsHandler, group_id
from services.status.fold import next_status, status_digest
from services.status.main import build_app, connect_database
from services.status.outbox import OutboxRelay
from services.status.rebuild import rebuild
from services.status.store import BatchResult, ClaimCache, apply_claims
from shared.codecs import CLAIM_TYPE, cloudevent_headers, decode, encode
from shared.events import Claim, DeadLetter, Evidence, PlayerStatus
from shared.ids import claim_id
from shared.kafka import DeadLetters, ensure_topics, make_broker
from shared.settings import Settings
from shared.topics import Topics
from tests.conftest import SEED_ARTICLE
from tests.infra import create_database, delete_topics, drop_database, terminate_backends

pytestmark = pytest.mark.integration

SEED_CLAIMS = Path(__file__).resolve().parents[1] / "unit" / "status" / "fold_seed_claims.json"
SEED_PLAYERS = {"trent-alexander-arnold", "virgil-van-dijk", "mohamed-salah"}
DEADLINE = 120.0  # a safety net against hangs, not a speed requirement


# ---------------------------------------------------------------- claims


def seed_claims() -> list[Claim]:
    """The seed article's gold claims as claim events (the fold engineer's fixture, built
    from the corpus with shared.ids)."""
    if SEED_CLAIMS.exists():
        return [Claim.model_validate(c) for c in json.loads(SEED_CLAIMS.read_text())]
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article absent: neither {SEED_CLAIMS} nor {SEED_ARTICLE} exists")
    from services.extract.engine.model import ExtractedClaim
    from services.extract.mapping import article_from_json, to_events

    gold = json.loads(SEED_ARTICLE.read_text())
    article = article_from_json(gold)
    extracted = [
        ExtractedClaim(
            player=c["player"],
            kind=c["kind"],
            club=c["club"],
            polarity=c["polarity"],
            certainty=c["certainty"],
            source=c["source"],
            timeframe=c["timeframe"],
            details=c["details"],
            evidence_text=c["evidence"],
            position=n,
        )
        for n, c in enumerate(gold["claims"])
    ]
    return to_events(article, extracted, "gold")


def late_old_claim() -> Claim:
    """A claim from an article older than the seed (Van Dijk talks in November 2024): in
    event order it comes first, whenever it arrives."""
    article = "older-article-2024-11-05"
    text = "Liverpool have opened talks with Virgil van Dijk over a new contract."
    return Claim(
        id=claim_id(
            article_id=article,
            kind="contract_talks",
            player="Virgil van Dijk",
            club="Liverpool",
            polarity="affirmed",
        ),
        article_id=article,
        player="Virgil van Dijk",
        player_id="virgil-van-dijk",
        kind="contract_talks",
        club="Liverpool",
        evidence=Evidence(text=text, start=0, end=len(text)),
        published=datetime(2024, 11, 5, tzinfo=UTC),
        outlet="The Athletic",
    )


def expected_pictures(claims: Iterable[Claim]) -> dict[str, PlayerStatus]:
    by_player: dict[str, list[Claim]] = {}
    for claim in claims:
        by_player.setdefault(claim.player_id, []).append(claim)
    pictures = {pid: next_status(None, group) for pid, group in by_player.items()}
    return {pid: p for pid, p in pictures.items() if p is not None}


# ---------------------------------------------------------------- environment


@asynccontextmanager
async def private(base: Settings, **updates: Any) -> AsyncIterator[Settings]:
    """`base` with topics and a database of its own, both removed afterwards."""
    name = f"touchline_status_{uuid.uuid4().hex[:10]}"
    url = await create_database(base.postgres_dsn, name)
    own = base.model_copy(
        update={"topic_prefix": f"test.{uuid.uuid4().hex[:8]}.", "postgres_url": url, **updates}
    )
    try:
        await ensure_topics(own)
        yield own
    finally:
        await drop_database(base.postgres_dsn, name)
        await delete_topics(own)


@pytest.fixture
async def env(settings: Settings) -> AsyncIterator[Settings]:
    """Settings with topics and a database of this test's own."""
    # Several batches, so intermediate versions exist.
    async with private(settings, batch_max_records=4) as own:
        yield own


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://status") as c,
    ):
        yield c


async def produce(settings: Settings, claims: Iterable[Claim]) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_idempotence=True, acks="all"
    )
    await producer.start()
    try:
        topic = Topics.from_settings(settings).claims
        for claim in claims:
            headers = cloudevent_headers(
                id=claim.id, type=CLAIM_TYPE, source="tests", subject=claim.player_id
            )
            await producer.send_and_wait(
                topic,
                encode(claim),
                key=claim.player_id.encode(),
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
    finally:
        await producer.stop()


async def produce_raw(settings: Settings, value: bytes, key: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        await producer.send_and_wait(Topics.from_settings(settings).claims, value, key=key)
    finally:
        await producer.stop()


async def wait_until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + DEADLINE
    while not await check():
        if loop.time() > give_up:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.2)


async def consumed_all(settings: Settings) -> bool:
    """True when the service's group has committed every offset of the claims topic."""
    topic = Topics.from_settings(settings).claims
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers)
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await consumer.start()
    await admin.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(settings.topic_partitions)]
        ends = await consumer.end_offsets(partitions)
        committed = await admin.list_consumer_group_offsets(group_id(settings))
        return all(
            ends[tp] == 0 or (tp in committed and committed[tp].offset >= ends[tp])
            for tp in partitions
        )
    finally:
        await consumer.stop()
        await admin.close()


async def wait_consumed(settings: Settings) -> None:
    await wait_until(lambda: consumed_all(settings), "the consumer to commit every claim")


async def db_fetch(settings: Settings, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def pictures(settings: Settings) -> dict[str, asyncpg.Record]:
    rows = await db_fetch(settings, "SELECT player_id, version, digest FROM status_pictures")
    return {r["player_id"]: r for r in rows}


async def digests(settings: Settings) -> dict[str, str]:
    return {pid: r["digest"] for pid, r in (await pictures(settings)).items()}


async def assert_versions_gapless(settings: Settings, final: dict[str, asyncpg.Record]) -> None:
    """One history row per version: each player's are 1..n without a gap or a repeat."""
    history = await db_fetch(
        settings,
        "SELECT player_id, array_agg(version ORDER BY version) AS v FROM status_history"
        " GROUP BY player_id",
    )
    for row in history:
        assert row["v"] == list(range(1, final[row["player_id"]]["version"] + 1))


async def outbox_unsent(settings: Settings) -> int:
    rows = await db_fetch(settings, "SELECT count(*) AS n FROM status_outbox WHERE sent_at IS NULL")
    return int(rows[0]["n"])


async def read_status_topic(settings: Settings, want: dict[str, int]) -> list[Any]:
    """Read the status topic from the start until the latest version of every player in
    `want` has been seen; returns every record read."""
    consumer = AIOKafkaConsumer(
        Topics.from_settings(settings).status,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen: dict[str, int] = {}
    records: list[Any] = []
    loop = asyncio.get_running_loop()
    give_up = loop.time() + DEADLINE
    try:
        while any(seen.get(p, 0) < v for p, v in want.items()):
            if loop.time() > give_up:
                raise AssertionError(f"status topic incomplete: saw {seen}, want {want}")
            batch = await consumer.getmany(timeout_ms=500)
            for items in batch.values():
                for record in items:
                    records.append(record)
                    status = decode(PlayerStatus, record.value)
                    # A subscriber keeps the highest version it has seen per player.
                    seen[status.player_id] = max(seen.get(status.player_id, 0), status.version)
    finally:
        await consumer.stop()
    return records


# ---------------------------------------------------------------- tests


async def test_seed_article_gives_the_timeline_check_pictures(env: Settings) -> None:
    claims = seed_claims()
    await produce(env, claims)
    app = build_app(env)
    async with running(app) as http:
        await wait_consumed(env)
        stored = await pictures(env)
        assert set(stored) == SEED_PLAYERS  # Bellingham is mentioned but has no picture

        taa = PlayerStatus.model_validate(
            (await http.get("/players/trent-alexander-arnold")).json()
        )
        assert taa.contract is not None and taa.contract.club == "Liverpool"
        assert taa.contract.state in ("expiring", "talks") and taa.contract.expiry == "2025-06-30"
        assert taa.suitors[0].club == "Real Madrid"
        assert taa.suitors[0].stage in ("approach", "bid_rejected", "pre_contract")
        assert taa.outlook.verdict in ("uncertain", "leave")

        vvd = PlayerStatus.model_validate((await http.get("/players/virgil-van-dijk")).json())
        assert vvd.contract is not None and vvd.contract.state == "agreement_near"
        assert vvd.outlook.verdict == "stay"

        salah = PlayerStatus.model_validate((await http.get("/players/mohamed-salah")).json())
        assert salah.contract is not None and salah.contract.state == "expiring"
        assert [s.club for s in salah.suitors] == [None]

        missing = await http.get("/players/jude-bellingham")
        assert missing.status_code == 404 and "jude-bellingham" in missing.json()["detail"]

        # The pictures are exactly what the fold makes of these claims.
        expected = expected_pictures(claims)
        for pid, row in stored.items():
            assert row["digest"] == status_digest(expected[pid])


async def test_redelivered_batch_changes_nothing(env: Settings) -> None:
    claims = seed_claims()
    await produce(env, claims)
    app = build_app(env)
    async with running(app):
        await wait_consumed(env)
        before = await pictures(env)
        outbox_before = await db_fetch(env, "SELECT id FROM status_outbox ORDER BY id")
        claims_before = await db_fetch(env, "SELECT count(*) AS n FROM status_claims")

        await produce(env, claims)  # the same claims again, as a redelivery would
        await wait_consumed(env)

        assert await pictures(env) == before
        assert await db_fetch(env, "SELECT id FROM status_outbox ORDER BY id") == outbox_before
        assert await db_fetch(env, "SELECT count(*) AS n FROM status_claims") == claims_before


async def test_shuffled_arrival_gives_the_same_pictures_as_event_order(env: Settings) -> None:
    claims = [late_old_claim(), *seed_claims()]
    shuffled = list(claims)
    random.Random(7).shuffle(shuffled)
    # The old article arrives last: after the seed's claims were already folded.
    shuffled.remove(claims[0])
    shuffled.append(claims[0])

    await produce(env, shuffled)
    async with running(build_app(env)):
        await wait_consumed(env)
        shuffled_digests = await digests(env)

    expected = expected_pictures(claims)
    assert shuffled_digests == {pid: status_digest(p) for pid, p in expected.items()}


async def test_in_order_and_shuffled_runs_agree(env: Settings) -> None:
    """Two runs of the real service, one in event order, one shuffled, on separate topics
    and databases: the same digests."""
    claims = [late_old_claim(), *seed_claims()]
    await produce(env, claims)
    async with running(build_app(env)):
        await wait_consumed(env)
        in_order = await digests(env)

    async with private(env) as other:
        shuffled = list(reversed(claims))
        await produce(other, shuffled)
        async with running(build_app(other)):
            await wait_consumed(other)
            reversed_run = await digests(other)
    assert reversed_run == in_order


async def test_crash_between_transaction_and_offset_commit(env: Settings) -> None:
    claims = seed_claims()
    await produce(env, claims)
    topic = Topics.from_settings(env).claims

    # A first consumer of the service's group stores and folds a batch in Postgres, then
    # dies before committing its offsets.
    pool = await connect_database(env)
    broker = make_broker(env, service="status-test")
    await broker.start()
    doomed = AIOKafkaConsumer(
        topic,
        bootstrap_servers=env.kafka_bootstrap_servers,
        group_id=group_id(env),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await doomed.start()
    try:
        batch: list[Any] = []
        while not batch:
            fetched = await doomed.getmany(timeout_ms=1000, max_records=8)
            batch = [r for records in fetched.values() for r in records]
        handler = ClaimsHandler(pool, DeadLetters(broker, "status-test"))
        first = await handler(batch)
        assert first.stored == len(batch) and first.changed
    finally:
        await doomed.stop()  # no commit: the crash
        await broker.stop()
        await pool.close()
    assert not await consumed_all(env)
    versions_at_crash = await pictures(env)

    # The restarted service gets the batch again, with the rest.
    async with running(build_app(env)):
        await wait_consumed(env)

    expected = expected_pictures(claims)
    final = await pictures(env)
    assert {pid: r["digest"] for pid, r in final.items()} == {
        pid: status_digest(p) for pid, p in expected.items()
    }
    # No claim lost, none stored twice.
    counts = await db_fetch(
        env, "SELECT player_id, count(*) AS n FROM status_claims GROUP BY player_id"
    )
    assert {r["player_id"]: r["n"] for r in counts} == {
        pid: p.claim_count for pid, p in expected.items()
    }
    # Versions without a gap, and the redelivered batch did not re-version the players it
    # had already folded.
    await assert_versions_gapless(env, final)
    for pid, row in versions_at_crash.items():
        assert final[pid]["version"] >= row["version"]
    outbox = await db_fetch(env, "SELECT player_id, version FROM status_outbox")
    assert len(outbox) == len({(r["player_id"], r["version"]) for r in outbox})
    assert len(outbox) == sum(r["version"] for r in final.values())


async def test_subscriber_ends_with_the_latest_version_of_every_player(env: Settings) -> None:
    claims = [late_old_claim(), *seed_claims()]
    await produce(env, claims)
    async with running(build_app(env)):
        await wait_consumed(env)
        await wait_until(lambda: _outbox_empty(env), "the relay to publish every event")
        latest = {pid: r["version"] for pid, r in (await pictures(env)).items()}

    records = await read_status_topic(env, latest)
    last: dict[str, PlayerStatus] = {}
    order: dict[str, list[int]] = {}
    for record in records:
        status = decode(PlayerStatus, record.value)
        headers = {k: v.decode() for k, v in record.headers}
        assert record.key == status.player_id.encode()
        assert headers["ce_id"] == f"{status.player_id}:{status.version}"
        assert headers["ce_subject"] == status.player_id
        order.setdefault(status.player_id, []).append(status.version)
        known = last.get(status.player_id)
        if known is None or status.version > known.version:
            last[status.player_id] = status
    assert {pid: s.version for pid, s in last.items()} == latest
    for versions in order.values():
        assert versions == sorted(versions)  # version order per player
    expected = expected_pictures(claims)
    assert {pid: status_digest(s) for pid, s in last.items()} == {
        pid: status_digest(p) for pid, p in expected.items()
    }


async def _outbox_empty(settings: Settings) -> bool:
    return await outbox_unsent(settings) == 0


async def test_relay_crash_leaves_events_that_are_resent(env: Settings) -> None:
    claims = seed_claims()
    await produce(env, claims)
    async with running(build_app(env, run_relay=False)):
        await wait_consumed(env)
    unsent = await outbox_unsent(env)
    assert unsent > 0

    # A relay publishes some events and dies before marking them sent.
    pool = await connect_database(env)
    broker = make_broker(env, service="status-test")
    await broker.start()
    try:
        relay = OutboxRelay(pool, broker, Topics.from_settings(env).status)
        rows = await db_fetch(
            env,
            "SELECT id, player_id, version, payload, created_at FROM status_outbox"
            " ORDER BY player_id, version LIMIT 2",
        )
        from services.status.outbox import OutboxRow

        await relay._publish([OutboxRow(**dict(r)) for r in rows])
        assert await outbox_unsent(env) == unsent

        # The next relay resends everything unmarked.
        assert await relay.drain() == unsent
        assert await outbox_unsent(env) == 0
        assert await relay.drain() == 0
    finally:
        await broker.stop()
        await pool.close()

    latest = {pid: r["version"] for pid, r in (await pictures(env)).items()}
    records = await read_status_topic(env, latest)
    assert len(records) >= unsent  # at least once: the two early ones appear twice


async def test_poison_claim_goes_to_the_dead_letter_topic(env: Settings) -> None:
    await produce_raw(env, b"{not json", key=b"someone")
    bad_version = {**seed_claims()[0].model_dump(mode="json"), "schema_version": 9}
    await produce_raw(env, json.dumps(bad_version).encode(), key=b"trent-alexander-arnold")
    await produce(env, seed_claims())
    async with running(build_app(env)):
        await wait_consumed(env)
        assert set(await pictures(env)) == SEED_PLAYERS

    dlq = Topics.dlq(Topics.from_settings(env).claims)
    consumer = AIOKafkaConsumer(
        dlq, bootstrap_servers=env.kafka_bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    letters: list[DeadLetter] = []
    try:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + DEADLINE
        while len(letters) < 2 and loop.time() < give_up:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                letters += [DeadLetter.model_validate_json(r.value) for r in records]
    finally:
        await consumer.stop()
    reasons = sorted(letter.reason for letter in letters)
    assert len(letters) == 2, reasons
    assert any("invalid JSON" in r for r in reasons)
    assert any("schema_version" in r for r in reasons)
    assert all(letter.service == "status" for letter in letters)


async def test_queries_answer_from_what_the_fold_wrote(env: Settings) -> None:
    claims = seed_claims()
    await produce(env, claims)
    app = build_app(env)
    async with running(app) as http:
        await wait_consumed(env)

        listed = (await http.get("/players")).json()
        assert [p["player_id"] for p in listed["items"]] == sorted(SEED_PLAYERS)
        assert listed["next_cursor"] is None

        page = (await http.get("/players", params={"limit": 2})).json()
        assert len(page["items"]) == 2 and page["next_cursor"]
        rest = await http.get("/players", params={"limit": 2, "cursor": page["next_cursor"]})
        assert [p["player_id"] for p in page["items"] + rest.json()["items"]] == sorted(
            SEED_PLAYERS
        )

        by_suitor = (await http.get("/players", params={"suitor": "Real Madrid"})).json()
        assert [p["player_id"] for p in by_suitor["items"]] == ["trent-alexander-arnold"]
        by_slug = (await http.get("/players", params={"suitor": "real-madrid"})).json()
        assert by_slug == by_suitor
        by_club = (await http.get("/players", params={"club": "liverpool"})).json()
        assert {p["player_id"] for p in by_club["items"]} == SEED_PLAYERS
        stay = (await http.get("/players", params={"outlook": "stay"})).json()
        assert [p["player_id"] for p in stay["items"]] == ["virgil-van-dijk"]
        agreement = await http.get("/players", params={"contract_state": "agreement_near"})
        assert [p["player_id"] for p in agreement.json()["items"]] == ["virgil-van-dijk"]
        named = (await http.get("/players", params={"q": "SALAH"})).json()
        assert [p["player_id"] for p in named["items"]] == ["mohamed-salah"]
        bad = await http.get("/players", params={"contract_state": "sacked"})
        assert bad.status_code == 422 and "contract_state" in bad.text

        timeline = (await http.get("/players/virgil-van-dijk/timeline")).json()
        vvd_claims = [c for c in claims if c.player_id == "virgil-van-dijk"]
        assert {e["claim_id"] for e in timeline["entries"]} == {c.id for c in vvd_claims}
        entry = timeline["entries"][0]
        assert entry["sentence"] and entry["outlet"] == "TEAMtalk" and entry["article_id"]
        assert entry["published"].startswith("2025-01-01")
        assert (await http.get("/players/nobody/timeline")).status_code == 404

        madrid = (await http.get("/clubs/Real Madrid/situations")).json()
        assert [p["player_id"] for p in madrid["incoming"]] == ["trent-alexander-arnold"]
        assert madrid["outgoing"] == []
        liverpool = (await http.get("/clubs/liverpool/situations")).json()
        assert {p["player_id"] for p in liverpool["outgoing"]} == SEED_PLAYERS

        assert (await http.get("/health")).json() == {"status": "ok"}
        ready = await http.get("/ready")
        assert ready.status_code == 200, ready.text
        metrics = (await http.get("/metrics")).text
        assert "touchline_status_claims_received_total" in metrics

        spec = (await http.get("/openapi.json")).json()
        for path in (
            "/players",
            "/players/{player_id}",
            "/players/{player_id}/timeline",
            "/clubs/{club}/situations",
        ):
            assert path in spec["paths"]
        assert "PlayerStatus" in spec["components"]["schemas"]

        nul = await http.get("/players", params={"q": "a\x00b"})
        assert nul.status_code == 422 and "q must not contain" in nul.text

        app.state.pool.terminate()  # the database goes away
        away = await http.get("/players/virgil-van-dijk")
        assert away.status_code == 503 and "database" in away.text
        assert (await http.get("/ready")).status_code == 503


async def test_rebuild_versions_only_the_pictures_that_change(env: Settings) -> None:
    await produce(env, seed_claims())
    async with running(build_app(env)):
        await wait_consumed(env)
    before = await pictures(env)
    last_event = (await db_fetch(env, "SELECT coalesce(max(id), 0) AS id FROM status_outbox"))[0]

    pool = await connect_database(env)
    try:
        assert await rebuild(pool) == []  # same fold, same claims: nothing to publish

        # As if the fold had changed for Salah: his stored picture no longer matches it.
        await pool.execute(
            "UPDATE status_pictures SET picture = jsonb_set(picture, '{claim_count}', '99'),"
            " digest = 'stale' WHERE player_id = 'mohamed-salah'"
        )
        changed = await rebuild(pool)
    finally:
        await pool.close()

    assert [s.player_id for s in changed] == ["mohamed-salah"]
    after = await pictures(env)
    assert after["mohamed-salah"]["version"] == before["mohamed-salah"]["version"] + 1
    assert after["mohamed-salah"]["digest"] == before["mohamed-salah"]["digest"]
    for pid in SEED_PLAYERS - {"mohamed-salah"}:
        assert after[pid] == before[pid]
    new_events = await db_fetch(
        env, "SELECT player_id FROM status_outbox WHERE id > $1", last_event["id"]
    )
    assert [r["player_id"] for r in new_events] == ["mohamed-salah"]


async def test_after_transaction_hook_sees_each_batch(env: Settings) -> None:
    """The hook runs between the transaction and the offset commit: raising there (a crash
    at the worst moment) makes the batch come again, and nothing is versioned twice."""
    claims = seed_claims()
    failures: list[BatchResult] = []
    results: list[BatchResult] = []

    async def crash_once(result: BatchResult) -> None:
        results.append(result)
        if not failures:
            failures.append(result)
            raise RuntimeError("crash after the transaction, before the commit")

    await produce(env, claims)
    async with running(build_app(env, after_transaction=crash_once)):
        await wait_consumed(env)
    assert failures and failures[0].stored > 0
    # The redelivery of the failed batch stored nothing new.
    assert sum(r.stored for r in results) == len(claims)
    final = await pictures(env)
    history = await db_fetch(env, "SELECT count(*) AS n FROM status_history")
    assert history[0]["n"] == sum(r["version"] for r in final.values())


async def test_status_and_rebuild_commands(env: Settings) -> None:
    from typer.testing import CliRunner

    from services.status.cli import app as cli

    await produce(env, seed_claims())
    async with running(build_app(env, run_relay=False)):
        await wait_consumed(env)
    environment = {
        "TOUCHLINE_POSTGRES_URL": env.postgres_dsn,
        "TOUCHLINE_TOPIC_PREFIX": env.topic_prefix,
        "TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS": env.kafka_bootstrap_servers,
        "COLUMNS": "250",  # rich wraps names on a narrow terminal
    }
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, list(args), env=environment)

    table = await asyncio.to_thread(invoke, "status")
    assert table.exit_code == 0, table.output
    for name in ("Trent Alexander-Arnold", "Virgil van Dijk", "Mohamed Salah"):
        assert name in table.output

    one = await asyncio.to_thread(invoke, "status", "Van Dijk")
    assert one.exit_code == 0, one.output
    assert "agreement_near" in one.output and "close to an agreement" in one.output

    unknown = await asyncio.to_thread(invoke, "status", "Jude Bellingham")
    assert unknown.exit_code == 1 and "Jude Bellingham" in unknown.output

    unsent = await outbox_unsent(env)
    rebuilt = await asyncio.to_thread(invoke, "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rebuilt 3 players: 0 pictures changed" in rebuilt.output
    assert f"published {unsent} status events" in rebuilt.output
    assert await outbox_unsent(env) == 0


async def test_concurrent_batches_never_interleave_a_players_versions(env: Settings) -> None:
    """Two consumers (say, around a rebalance) storing claims of the same players at once:
    each player's versions stay 1..n with one history row and one event each."""
    claims = [late_old_claim(), *seed_claims()]
    pool = await connect_database(env)
    try:
        shuffled = list(claims)
        random.Random(3).shuffle(shuffled)
        halves = [shuffled[0::2], shuffled[1::2]]
        # Overlapping batches: each half also carries some claims of the other.
        halves[0] += halves[1][:3]
        halves[1] += halves[0][:3]
        results = await asyncio.gather(
            *(
                apply_claims(pool, half[i : i + 3])
                for half in halves
                for i in range(0, len(half), 3)
            )
        )
    finally:
        await pool.close()

    assert sum(r.stored for r in results) == len(claims)
    final = await pictures(env)
    expected = expected_pictures(claims)
    assert {pid: r["digest"] for pid, r in final.items()} == {
        pid: status_digest(p) for pid, p in expected.items()
    }
    await assert_versions_gapless(env, final)
    events = await db_fetch(env, "SELECT count(*) AS n FROM status_outbox")
    assert events[0]["n"] == sum(r["version"] for r in final.values())


class RecordingDeadLetters:
    """Dead letters kept in a list: the test is about Postgres, and must see every one."""

    def __init__(self) -> None:
        self.letters: list[str] = []

    async def send_record(self, record: ConsumerRecord[Any, Any], error: BaseException) -> None:
        self.letters.append(f"{record.offset}: {error}")


def records_of(settings: Settings, claims: Sequence[Claim]) -> list[ConsumerRecord[Any, Any]]:
    topic = Topics.from_settings(settings).claims
    return [
        ConsumerRecord(topic, 0, n, 0, 0, c.player_id.encode(), encode(c), None, 1, 1, [])
        for n, c in enumerate(claims)
    ]


def synthetic_claims(n_articles: int) -> list[Claim]:
    from bench.generator import ArticleGenerator
    from services.extract.mapping import article_from_json, extract_claims

    return [
        claim
        for synthetic in ArticleGenerator(5, players=40).articles(n_articles)
        for claim in extract_claims(article_from_json(synthetic.as_json()))
    ]


async def test_connections_killed_mid_batch_lose_no_claim(env: Settings) -> None:
    """Postgres dropping the service's connections mid-transaction (what a restart does)
    is an outage to wait out: every claim is stored, none is dead-lettered, and the
    pictures are those of an undisturbed fold."""
    claims = synthetic_claims(60)
    letters = RecordingDeadLetters()
    pool = await connect_database(env)
    stop = asyncio.Event()
    killer = asyncio.create_task(terminate_backends(env, stop, rounds=60))
    try:
        handler = ClaimsHandler(pool=pool, dead_letters=letters, cache=ClaimCache())  # type: ignore[arg-type]
        for i in range(0, len(claims), 25):
            await handler(records_of(env, claims[i : i + 25]))
    finally:
        stop.set()
        killed = await killer
        await pool.close()

    assert killed > 0, "the test never interrupted a connection"
    assert letters.letters == []
    stored = await db_fetch(env, "SELECT id FROM status_claims")
    assert {r["id"] for r in stored} == {c.id for c in claims}
    assert await digests(env) == {
        pid: status_digest(p) for pid, p in expected_pictures(claims).items()
    }
