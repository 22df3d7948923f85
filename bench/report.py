"""The benchmark's outputs: a JSON file per run under bench-results/, a table on the
terminal, and docs/benchmarks.md rewritten with the latest figures and the machine."""

from __future__ import annotations

import math
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from rich.console import Console
from rich.table import Table

from bench.stats import ratio, rounded

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO / "bench-results"
DOC = REPO / "docs" / "benchmarks.md"
KEEP_START = "<!-- improvement:start -->"
KEEP_END = "<!-- improvement:end -->"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def kafka_version() -> str:
    libs = REPO / ".local" / "kafka" / "libs"
    for jar in sorted(libs.glob("kafka-clients-*.jar")) if libs.exists() else ():
        return jar.name.removeprefix("kafka-clients-").removesuffix(".jar")
    pom = REPO / "deploy" / "kafka" / "pom.xml"
    if pom.exists():
        found = re.search(r"<kafka.version>([^<]+)</kafka.version>", pom.read_text())
        if found:
            return found.group(1)
    return "unknown"


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine(postgres_version: str) -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "kafka": kafka_version(),
        "postgres": postgres_version,
        "commit": git_commit(),
    }


def ceiling_ratios(results: dict[str, Any]) -> dict[str, float]:
    """Each stage as a fraction of the raw ceiling of what it does, so figures compare
    across machines: ingest vs Kafka produce, extract vs the engine alone, status vs
    asyncpg writes of the same rows, end to end vs the slowest ceiling (in articles/s)."""
    ceilings = results["ceilings"]
    kafka = ceilings["kafka"]
    engine = ceilings["engine"]
    postgres = ceilings["postgres"]
    per_article = engine["claims_per_article"] or math.nan
    slowest = min(
        kafka["produce_per_s"],
        kafka["consume_per_s"],
        engine["articles_per_s"],
        postgres["rows_per_s"] / per_article if per_article else math.inf,
    )
    out: dict[str, float] = {}
    if "staged" in results:
        staged = results["staged"]
        out["ingest_vs_kafka_produce"] = ratio(
            staged["ingest"]["articles_per_s"], kafka["produce_per_s"]
        )
        out["extract_vs_engine"] = ratio(
            staged["extract"]["articles_per_s"], engine["articles_per_s"]
        )
        out["status_vs_postgres"] = ratio(staged["status"]["claims_per_s"], postgres["rows_per_s"])
    if "saturation" in results:
        out["end_to_end_vs_slowest_ceiling"] = ratio(
            results["saturation"]["end_to_end"]["articles_per_s"], slowest
        )
    out["slowest_ceiling_articles_per_s"] = slowest
    return out


def write_json(results: dict[str, Any], stamp: str) -> Path:
    import orjson

    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"bench-{stamp}.json"
    path.write_bytes(
        orjson.dumps(rounded(results), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    )
    return path


def fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def ms(seconds: Any) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "-"
    return f"{seconds * 1000:,.0f} ms"


def per_s(value: Any, unit: str) -> str:
    return f"{fmt(value)} {unit}/s"


def both(figures: dict[str, Any]) -> str:
    articles = per_s(figures["articles_per_s"], "articles")
    return f"{articles}, {per_s(figures['claims_per_s'], 'claims')}"


def rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(section, figure, value) lines shared by the terminal table and the markdown."""
    out: list[tuple[str, str, str]] = []
    kafka, postgres = results["ceilings"]["kafka"], results["ceilings"]["postgres"]
    engine, fold = results["ceilings"]["engine"], results["ceilings"]["fold"]
    out += [
        (
            "ceiling",
            "Kafka produce (aiokafka, acks=all, gzip)",
            per_s(kafka["produce_per_s"], "msg"),
        ),
        ("ceiling", "Kafka consume (aiokafka)", per_s(kafka["consume_per_s"], "msg")),
        ("ceiling", "message size", f"{kafka['message_bytes']} B"),
        ("ceiling", "Postgres write (asyncpg, claim rows)", per_s(postgres["rows_per_s"], "rows")),
        (
            "ceiling",
            "engine alone, one core",
            both(engine),
        ),
        (
            "ceiling",
            "engine: claims per article / failed articles",
            f"{fmt(engine['claims_per_article'], 2)} / {engine['failed_articles']}",
        ),
        ("ceiling", "fold alone, one core (whole history)", per_s(fold["claims_per_s"], "claims")),
    ]
    if "staged" in results:
        ingest, extract, status = (results["staged"][k] for k in ("ingest", "extract", "status"))
        out += [
            (
                "stage alone",
                "ingest (HTTP → articles topic)",
                per_s(ingest["articles_per_s"], "articles"),
            ),
            (
                "stage alone",
                "extract (articles → claims)",
                both(extract),
            ),
            (
                "stage alone",
                "status (claims → pictures, outbox → status topic)",
                both(status),
            ),
        ]
    for key, label in (("saturation", "saturation"), ("moderate", "fixed rate")):
        if key in results:
            out += run_rows(label, results[key])
    for name, value in results["ratios"].items():
        shown = per_s(value, "articles") if name.endswith("_per_s") else fmt(value, 2)
        out.append(("ratio", name.replace("_", " "), shown))
    return out


def latency(lat: dict[str, Any]) -> str:
    return f"{ms(lat['p50'])} / {ms(lat['p95'])} / {ms(lat['p99'])} (n={lat['count']})"


def run_rows(label: str, r: dict[str, Any]) -> list[tuple[str, str, str]]:
    e2e = r["end_to_end"]
    return [
        (
            label,
            "input",
            f"{r['articles']} articles → {r['claims']} claims, {r['status_events']} status"
            f" events, {r['players']} players",
        ),
        (label, "push (acknowledged)", per_s(r["push"]["articles_per_s"], "articles")),
        (
            label,
            "end to end, sustained",
            both(e2e),
        ),
        (label, "latency ack → status event p50 / p95 / p99", latency(r["latency_s"])),
        (label, "latency ack → event citing a claim", latency(r["latency_cited_s"])),
        (
            label,
            "stage output rates (concurrent)",
            ", ".join(f"{k} {fmt(v)}" for k, v in r["stages"].items()),
        ),
        (
            label,
            "peak RSS",
            ", ".join(f"{k} {fmt(v, 0)} MB" for k, v in r["peak_rss_mb"].items()),
        ),
    ]


def print_table(results: dict[str, Any], console: Console | None = None) -> None:
    table = Table(title="Touchline benchmark", show_lines=False)
    table.add_column("section", style="cyan")
    table.add_column("figure")
    table.add_column("value", style="bold")
    for section, figure, value in rows(results):
        table.add_row(section, figure, value)
    (console or Console()).print(table)


def kept_section(path: Path) -> str:
    """The hand-written part of docs/benchmarks.md (the improvement), kept across runs."""
    if not path.exists():
        return ""
    text = path.read_text()
    start, end = text.find(KEEP_START), text.find(KEEP_END)
    if start < 0 or end < start:
        return ""
    return text[start : end + len(KEEP_END)]


def markdown(results: dict[str, Any], kept: str) -> str:
    m = results["machine"]
    p = results["parameters"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`uv run python -m bench`); the raw figures of each run are in",
        "`bench-results/bench-<timestamp>.json` (not committed). Ratios to the ceilings measured",
        "in the same run are what compare across machines; absolute figures depend on this one.",
        "",
        f"Latest run: {results['started']} (commit {m['commit']}).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gb']} GB",
        f"- Kernel {m['kernel']}, Python {m['python']}, Kafka {m['kafka']}, {m['postgres']}",
        "- Everything on this one machine: Kafka, Postgres, the three services and the load.",
        "",
        "## Parameters",
        "",
        f"- {p['articles']} articles (seed {p['seed']}, ~3 KB each) for the saturation and",
        f"  stage-alone runs, pushed in batches of {p['batch_size']} with {p['concurrency']}"
        " requests in flight;",
        f"- fixed-rate run: {p['rate']} articles/s for {p['rate_seconds']} s, one article per"
        " request.",
        "",
        "## Figures",
        "",
        "| section | figure | value |",
        "|---|---|---|",
    ]
    lines += [f"| {s} | {f} | {v} |" for s, f, v in rows(results)]
    lines += [
        "",
        "## How each figure is measured",
        "",
        "- **Ceilings** run in the same process and the same run: aiokafka producing then",
        "  consuming messages the size of an encoded article with the services' producer",
        "  settings (acks=all, idempotent, gzip); asyncpg `executemany` of the claim rows the",
        "  engine produced, in transactions of 200, no logic; `extract_claims` on every",
        "  article, pinned to one core; the status fold of each player's whole history.",
        "- **Stage alone**: a fresh sandbox; ingest alone takes the whole push; then extract",
        "  is started and timed from its readiness to its consumer group having committed the",
        "  end of the articles topic (so it includes the group join); then status likewise on",
        "  the claims topic, until its outbox is empty.",
        "- **Saturation / fixed rate**: all three services running; the pusher posts to",
        "  `/articles/batch` (open loop at the fixed rate) and notes each article's 202. A",
        "  subscriber on the status topic notes when each event arrives. An article's latency",
        "  runs from its 202 to the first status event of one of its players whose picture was",
        "  folded with one of its claims (the version written in the transaction that stored",
        "  the claim, or the next one: `status_claims.received_at` against",
        "  `status_history.changed_at`). Articles none of whose claims changed a picture",
        "  have no latency (n says how many have one). The second line is the stricter",
        "  reading: the first event whose picture cites one of the article's claim ids; on",
        "  this input every picture change cites the claims behind it, so the two agree.",
        "- **Sustained end to end**: articles (claims) over the time from the first push to",
        "  the last status event. Stage output rates in the concurrent run come from the",
        "  records' own timestamps (articles, claims topics; `status_claims.received_at`;",
        "  status topic) over their span.",
        "- **Peak RSS**: each service's process tree, sampled every 200 ms (psutil).",
        "",
    ]
    if kept:
        lines += [kept, ""]
    return "\n".join(lines)


def write_doc(results: dict[str, Any], path: Path = DOC) -> Path:
    kept = kept_section(path)
    path.write_text(markdown(results, kept))
    return path


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
