"""The chaos runs: the same seeded input pushed through a fresh pipeline (own database,
own topics, the three services as processes) with one kind of fault injected while it
flows, then everything read back and compared with a clean run.

Each scenario is an `inject` coroutine started beside the pusher, and optionally a
`prepare` step before the services start and a `verify` step after the pipeline settled;
each notes what it did (printed as it happens) and adds its checks to the run's context.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from bench.pipeline import settle
from bench.pusher import PushLog, push
from bench.sandbox import Sandbox, sandbox
from chaos import fuzz, poison
from chaos.compare import Check, RunState, group_payloads, payload_digest
from harness.observe import final_state, read_topic
from harness.processes import REPO, SERVICES
from shared.codecs import PoisonMessage, decode
from shared.events import Article, Claim
from shared.settings import Settings

INFRA = REPO / "deploy" / "infra.sh"


@dataclass
class Context:
    """What an injection knows about its run."""

    box: Sandbox
    rng: random.Random
    push_s: float  # how long the push is planned to last
    started: float = field(default_factory=time.monotonic)
    actions: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def note(self, action: str) -> None:
        line = f"t+{time.monotonic() - self.started:5.1f}s {action}"
        self.actions.append(line)
        print(f"    {line}", flush=True)

    async def at(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, self.started + seconds - time.monotonic()))


Step = Callable[[Context], Coroutine[Any, Any, None]]


async def _nothing(ctx: Context) -> None:
    return None


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    inject: Step = _nothing
    prepare: Step = _nothing
    verify: Step = _nothing
    restarts_services: bool = False  # kills are the point: a dead service is expected
    foreign_input: bool = False  # the fuzzer pushes articles of its own
    # Pushing faster than the pipeline drains keeps a backlog, so a kill lands mid-batch.
    rate_factor: float = 1.0


@dataclass
class RunResult:
    scenario: Scenario
    state: RunState
    actions: list[str]
    checks: list[Check]
    seconds: float


# --- the injections ----------------------------------------------------------------------


async def infra(action: str, what: str) -> float:
    """deploy/infra.sh <action> <what>; returns how long it took. Raises when it fails."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        str(INFRA),
        action,
        what,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"deploy/infra.sh {action} {what} failed:\n{out.decode()[-2000:]}")
    return time.monotonic() - started


async def kill_and_restart(ctx: Context) -> None:
    """SIGKILL extract and status at seeded random moments, three times each, and start
    them again after a short seeded pause (sometimes before the last start was ready).
    The push runs at twice the usual rate, faster than the pipeline drains, so the
    services are busy when they die."""
    window = ctx.push_s + 15.0
    plan = sorted(
        (ctx.rng.uniform(3.0, window), service)
        for service in ("extract", "status")
        for _ in range(3)
    )
    services = ctx.box.services
    for moment, service in plan:
        await ctx.at(moment)
        services.kill(service)
        pause = ctx.rng.uniform(0.5, 3.0)
        ctx.note(f"SIGKILL {service}; restarting it in {pause:.1f}s")
        await asyncio.sleep(pause)
        services.start([service])


async def _restart(ctx: Context, component: str, label: str) -> None:
    """Stop `component` (kafka or postgres) at 40 % of the push and bring it back, even
    when stopping fails: the rest of the machine's tests use it too."""
    await ctx.at(ctx.push_s * 0.4)
    ctx.note(f"stopping {label} (deploy/infra.sh down {component})")
    try:
        down = await infra("down", component)
        ctx.note(f"{label} stopped in {down:.1f}s; starting it again")
    finally:
        up = await infra("up", component)
    ctx.note(f"{label} back in {up:.1f}s")


async def restart_broker(ctx: Context) -> None:
    await _restart(ctx, "kafka", "the Kafka broker")


async def restart_postgres(ctx: Context) -> None:
    await _restart(ctx, "postgres", "Postgres")


async def prepare_poison(ctx: Context) -> None:
    await poison.allow_big_messages(ctx.box.settings)
    ctx.note(
        f"input and dead-letter topics of this run: max.message.bytes raised to "
        f"{poison.TOPIC_MAX_BYTES // 2**20} MB (broker default ~1 MB)"
    )


async def send_poison(ctx: Context) -> None:
    await ctx.at(ctx.push_s * 0.3)
    items = poison.poison_for(ctx.box.topics)
    await poison.send_poison(ctx.box.settings, items)
    ctx.state["poison"] = items
    ctx.note(
        f"sent {len(items)} poison records: "
        + ", ".join(sorted({i.case for i in items}))
        + " on each of inbox, articles, claims"
    )


async def verify_poison(ctx: Context) -> None:
    items: Sequence[poison.Poison] = ctx.state.get("poison", ())
    for landing in await poison.landings(ctx.box.settings, items):
        p = landing.poison
        kind = p.key.decode().split(":")[1]
        ctx.checks.append(
            Check(
                f"poison {kind}/{p.case} on the dead-letter topic with a reason",
                landing.landed,
                f"{landing.service}: {landing.reason[:160]}"
                if landing.reason
                else f"not found on {p.topic}.dlq ({poison.describe(p.value)})",
            )
        )


async def run_fuzz(ctx: Context) -> None:
    await ctx.at(2.0)
    ctx.note("schemathesis against the running ingest's /openapi.json")
    result = await fuzz.fuzz(ctx.box.services.url("ingest"), report_dir=ctx.box.services.log_dir)
    ctx.state["fuzz"] = result
    ctx.note(f"schemathesis finished: {result.summary}")


async def verify_fuzz(ctx: Context) -> None:
    result: fuzz.FuzzResult | None = ctx.state.get("fuzz")
    if result is None:
        ctx.checks.append(Check("fuzz ran", False, "schemathesis did not run"))
        return
    ctx.checks.append(Check("fuzz: no 5xx answer", result.server_errors == 0, result.summary))
    ctx.checks.append(
        Check(
            "fuzz: schemathesis completed, every request answered",
            result.completed,
            f"report in {ctx.box.services.log_dir}/schemathesis.log"
            if result.completed
            else result.tail[-1500:],
        )
    )


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "kill",
        "SIGKILL extract and status at random moments, three times each, and restart them",
        inject=kill_and_restart,
        restarts_services=True,
        rate_factor=2.0,
    ),
    Scenario("kafka", "restart the Kafka broker in the middle of the run", inject=restart_broker),
    Scenario("postgres", "restart Postgres in the middle of the run", inject=restart_postgres),
    Scenario(
        "poison",
        "invalid JSON, wrong schema_version, missing fields, 10 MB, invalid UTF-8 on each"
        " input topic",
        inject=send_poison,
        prepare=prepare_poison,
        verify=verify_poison,
    ),
    Scenario(
        "fuzz",
        "the ingest HTTP API fuzzed from its OpenAPI document (schemathesis)",
        inject=run_fuzz,
        verify=verify_fuzz,
        foreign_input=True,
    ),
)
CLEAN = Scenario("clean", "no fault: the reference")


# --- one run -----------------------------------------------------------------------------


def _valid(model: type[BaseModel], value: bytes) -> Any:
    """The event, or None for a record that is not one (poison a scenario put on the topic
    itself: the services dead-letter it, and it is no article or claim of the run)."""
    try:
        return decode(model, value)
    except PoisonMessage:
        return None


async def collect(box: Sandbox, log: PushLog) -> RunState:
    settings = box.settings
    final = await final_state(settings, box.topics.status)
    articles = [
        a
        for r in await read_topic(settings, box.topics.articles)
        if (a := _valid(Article, r.value)) is not None
    ]
    claims = [
        (c, r.value)
        for r in await read_topic(settings, box.topics.claims)
        if (c := _valid(Claim, r.value)) is not None
    ]
    pushed = frozenset(log.acked)
    statuses = await read_topic(settings, box.topics.status)
    status_pairs: dict[tuple[str, int], set[str]] = defaultdict(set)
    for record in statuses:
        body = orjson.loads(record.value)
        status_pairs[(body["player_id"], body["version"])].add(payload_digest(record.value))
    return RunState(
        final=final,
        pushed=pushed,
        article_ids=frozenset(a.id for a in articles),
        article_records=len(articles),
        claim_payloads=group_payloads((c.id, value) for c, value in claims),
        status_payloads={k: frozenset(v) for k, v in status_pairs.items()},
        claim_records=len(claims),
        status_records=len(statuses),
        foreign_claims={c.id: c.player_id for c, _ in claims if c.article_id not in pushed},
    )


async def run(
    base: Settings,
    scenario: Scenario,
    articles: Sequence[dict[str, Any]],
    *,
    log_root: Path,
    rate: float,
    batch_size: int,
    seed: int,
    settle_s: float = 240.0,
) -> RunResult:
    started = time.monotonic()
    async with sandbox(base, "chaos", log_root, start=False) as box:
        rate *= scenario.rate_factor
        ctx = Context(box, random.Random(f"{seed}:{scenario.name}"), len(articles) / rate)
        try:
            await scenario.prepare(ctx)
            box.services.start()
            await box.services.wait_ready()
            ctx.started = time.monotonic()
            injection = asyncio.create_task(scenario.inject(ctx))
            try:
                log = await push(
                    box.services.url("ingest"),
                    articles,
                    rate=rate,
                    batch_size=batch_size,
                    give_up_after_s=settle_s,
                )
                ctx.note(
                    f"pushed {len(log.acked)} articles in {log.seconds:.0f}s "
                    f"({log.retries} retried requests, {log.duplicates} answered duplicate)"
                )
                await injection
            finally:
                await _cancel(injection)
        finally:
            await _infra_back_up()
        alive = set(box.services.pids())
        if not scenario.restarts_services:
            dead = set(SERVICES) - alive
            ctx.checks.append(
                Check(
                    "no service crashed",
                    not dead,
                    "all three running"
                    if not dead
                    else f"exited: {sorted(dead)}\n"
                    + "\n".join(box.services.tail(s, 15) for s in sorted(dead)),
                )
            )
        box.services.start()  # whatever a kill left down
        await box.services.wait_ready()
        try:
            await settle(box, within_s=settle_s)
            ctx.note("pipeline settled (consumers at the end of their topics, outbox empty)")
        except TimeoutError:
            ctx.note(f"pipeline NOT settled after {settle_s:.0f}s: comparing what there is")
            ctx.checks.append(
                Check(
                    f"pipeline settled within {settle_s:.0f}s",
                    False,
                    "stuck; last warnings of each service:\n" + _warnings(box),
                )
            )
        await scenario.verify(ctx)
        letters = await poison.other_letters(box.settings, box.topics)
        ctx.checks.append(
            Check(
                "nothing dead-lettered but the injected poison",
                not letters,
                f"{len(letters)} other dead letters"
                + (f"; first: {'; '.join(r[:200] for r in letters[:3])}" if letters else ""),
            )
        )
        state = await collect(box, log)
    return RunResult(scenario, state, ctx.actions, ctx.checks, time.monotonic() - started)


async def _cancel(task: asyncio.Task[None]) -> None:
    """An injection must not outlive its run (a failed push leaves it running)."""
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _warnings(box: Sandbox, lines: int = 4) -> str:
    out = []
    for service in SERVICES:
        tail = box.services.tail(service, 400).splitlines()
        noted = [line for line in tail if "WARNING" in line or "ERROR" in line][-lines:]
        out += [f"      {service}: {line[:240]}" for line in noted]
    return "\n".join(out) or "      (no warning in the logs)"


async def _infra_back_up() -> None:
    """Never leave Kafka or Postgres stopped: other work on this machine needs them."""
    for what in ("postgres", "kafka"):
        with contextlib.suppress(Exception):
            if await _status(what) != 0:
                await infra("up", what)


async def _status(what: str) -> int:
    process = await asyncio.create_subprocess_exec(
        str(INFRA),
        "status",
        what,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait()
