"""`python -m bench`: the ceilings of this machine, then the pipeline at a fixed rate, at
saturation and one stage at a time; a JSON file, a table, and docs/benchmarks.md.

Sizes come from flags or TOUCHLINE_BENCH_* variables; the defaults finish in a few
minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from rich.console import Console

from bench import engine, pipeline, report
from bench.ceilings import kafka_ceiling, postgres_ceiling
from bench.generator import ArticleGenerator
from harness.processes import interrupt_on_sigterm
from shared.settings import Settings, load_settings

console = Console(stderr=True)


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TOUCHLINE_BENCH_{name}", default)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--articles", type=int, default=int(_env("ARTICLES", "2000")))
    parser.add_argument("--rate", type=float, default=float(_env("RATE", "10")))
    parser.add_argument("--rate-seconds", type=float, default=float(_env("RATE_SECONDS", "30")))
    parser.add_argument("--batch-size", type=int, default=int(_env("BATCH_SIZE", "50")))
    parser.add_argument("--concurrency", type=int, default=int(_env("CONCURRENCY", "4")))
    parser.add_argument("--seed", type=int, default=int(_env("SEED", "7")))
    parser.add_argument(
        "--only",
        choices=("all", "ceilings", "moderate", "saturation", "staged"),
        default=_env("ONLY", "all"),
        help="run one part only (the ceilings always run: ratios need them)",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--logs", type=Path, default=None, help="where service logs go")
    return parser.parse_args(argv)


async def postgres_version(settings: Settings) -> str:
    conn = await asyncpg.connect(settings.postgres_dsn)
    try:
        full: str = await conn.fetchval("SELECT version()")
    finally:
        await conn.close()
    return " ".join(full.split()[:2])


async def ceilings(
    settings: Settings, raw: list[dict[str, Any]], scratch_db: str
) -> dict[str, Any]:
    console.print("[cyan]ceilings[/cyan]: engine alone (one core)")
    articles = engine.as_articles(raw)
    run = engine.run_engine(articles)
    fold = engine.run_fold(run.claims)
    console.print("[cyan]ceilings[/cyan]: aiokafka produce/consume")
    payloads = pipeline.encoded_articles(raw)
    kafka = await kafka_ceiling(settings, payloads)
    console.print("[cyan]ceilings[/cyan]: asyncpg writes")
    postgres = await postgres_ceiling(scratch_db, engine.claim_rows(run.claims))
    return {"engine": run.figures(), "fold": fold, "kafka": kafka, "postgres": postgres}


async def main(args: argparse.Namespace) -> dict[str, Any]:
    base = load_settings()
    token = datetime.now(UTC).strftime("%H%M%S")
    ceiling_settings = base.model_copy(update={"topic_prefix": f"bench.ceiling{token}."})
    log_root = args.logs or Path(tempfile.mkdtemp(prefix="touchline-bench-"))
    generator = ArticleGenerator(args.seed)
    raw = [a.as_json() for a in generator.articles(args.articles)]
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": report.machine(await postgres_version(base)),
        "parameters": {
            "articles": args.articles,
            "rate": args.rate,
            "rate_seconds": args.rate_seconds,
            "batch_size": args.batch_size,
            "concurrency": args.concurrency,
            "seed": args.seed,
        },
        "logs": str(log_root),
    }

    name = f"touchline_bench_ceiling_{token}"
    scratch = await pipeline_db(base, name)
    try:
        results["ceilings"] = await ceilings(ceiling_settings, raw, scratch)
    finally:
        from bench.sandbox import drop_database

        await drop_database(base.postgres_dsn, name)

    if args.only in ("all", "moderate"):
        n = max(1, int(args.rate * args.rate_seconds))
        moderate = [a.as_json() for a in generator.articles(n, start=args.articles)]
        console.print(f"[cyan]fixed rate[/cyan]: {n} articles at {args.rate}/s")
        results["moderate"] = await pipeline.end_to_end(
            base, moderate, log_root=log_root, rate_per_s=args.rate, batch_size=1, concurrency=1
        )
    if args.only in ("all", "saturation"):
        console.print(f"[cyan]saturation[/cyan]: {len(raw)} articles as fast as possible")
        results["saturation"] = await pipeline.end_to_end(
            base,
            raw,
            log_root=log_root,
            rate_per_s=None,
            batch_size=args.batch_size,
            concurrency=args.concurrency,
        )
    if args.only in ("all", "staged"):
        console.print(f"[cyan]stage alone[/cyan]: {len(raw)} articles, one stage at a time")
        results["staged"] = await pipeline.staged(
            base, raw, log_root=log_root, batch_size=args.batch_size, concurrency=args.concurrency
        )
    results["ratios"] = report.ceiling_ratios(results)
    return results


async def pipeline_db(base: Settings, name: str) -> str:
    from bench.sandbox import create_database

    return await create_database(base.postgres_dsn, name)


def run(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    interrupt_on_sigterm()
    results = asyncio.run(main(args))
    stamp = report.stamp()
    path = report.write_json(results, stamp)
    report.print_table(results, Console())
    console.print(f"JSON: {path}")
    if not args.no_doc:
        console.print(f"doc: {report.write_doc(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(run())
