"""`touchline extract` and `touchline eval`: the engine from the command line, no Kafka
or Postgres needed."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.table import Table

from shared.ids import article_id

app = typer.Typer(help="Claim extraction: run the rule engine on articles, score it.")


def _records(name: str, data: str) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, parsed object or None, error) for a JSON document or NDJSON."""
    stripped = data.strip()
    if not stripped:
        return
    if stripped.startswith("{"):
        try:
            yield 1, orjson.loads(stripped), None
            return
        except orjson.JSONDecodeError:
            pass  # not one document: read it as NDJSON below
    elif stripped.startswith("["):
        try:
            items = orjson.loads(stripped)
        except orjson.JSONDecodeError as exc:
            yield 1, None, f"invalid JSON: {exc}"
            return
        for i, item in enumerate(items, 1):
            yield i, item, None
        return
    for lineno, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, orjson.loads(line), None
        except orjson.JSONDecodeError as exc:
            yield lineno, None, f"invalid JSON: {exc}"


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Article JSON / NDJSON files; - for stdin")],
) -> None:
    """Print one JSON line per article: {"id", "claims": [...]}, in input order."""
    from services.extract.engine.pipeline import extract as run
    from services.extract.engine.scoring import article_from_json

    failed = False
    out = sys.stdout.buffer
    for name in files:
        try:
            data = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            typer.echo(f"{name}: cannot read: {exc}", err=True)
            failed = True
            continue
        for lineno, obj, error in _records(name, data):
            if error is None and not isinstance(obj, dict):
                error = "an article must be a JSON object"
            if error is None:
                try:
                    art = article_from_json(obj)
                except ValueError as exc:
                    error = str(exc)
            if error is not None:
                typer.echo(f"{name}:{lineno}: {error}", err=True)
                failed = True
                continue
            aid = art.id or article_id(url=art.url, text=art.text)
            claims = [c.to_json() for c in run(art)]
            out.write(orjson.dumps({"id": aid, "claims": claims}) + b"\n")
    out.flush()
    if failed:
        raise typer.Exit(code=1)


@app.command("eval")
def evaluate(
    directory: Annotated[Path, typer.Argument(help="Gold directory of article JSON files")],
    misses: Annotated[bool, typer.Option("--misses", help="List gold claims not found")] = False,
    false_alarms: Annotated[
        bool, typer.Option("--false-alarms", help="List predicted claims not in gold")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    hold_out_players: Annotated[
        bool,
        typer.Option(
            "--hold-out-players",
            help="Take the gold's players out of the player registry first: the score on"
            " players the engine does not know",
        ),
    ] = False,
) -> None:
    """Score the engine against a gold directory, as spec/claims.md says."""
    from services.extract.engine.scoring import load_gold, score_engine

    if not directory.is_dir():
        typer.echo(f"{directory}: not a directory", err=True)
        raise typer.Exit(code=2)
    report = score_engine(load_gold(directory), hold_out_players=hold_out_players)
    if as_json:
        data = report.as_dict()
        if not misses:
            data.pop("misses")
        if not false_alarms:
            data.pop("false_alarms")
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    table = Table(title=f"Claims vs gold: {directory}")
    for col in ("kind", "gold", "pred", "tp", "precision", "recall", "F1"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind, c in sorted(report.per_kind.items(), key=lambda kv: -kv[1].gold):
        table.add_row(
            kind,
            str(c.gold),
            str(c.pred),
            str(c.tp),
            f"{c.precision:.3f}",
            f"{c.recall:.3f}",
            f"{c.f1:.3f}",
        )
    o = report.overall
    table.add_row(
        "[bold]overall (micro)",
        str(o.gold),
        str(o.pred),
        str(o.tp),
        f"[bold]{o.precision:.3f}",
        f"[bold]{o.recall:.3f}",
        f"[bold]{o.f1:.3f}",
    )
    console.print(table)
    acc = report.attribute_accuracy()
    console.print(
        "Attribute accuracy over matched claims: "
        + ", ".join(f"{k} {v:.3f}" for k, v in acc.items())
    )
    if misses:
        console.print(f"\n[bold]Misses ({len(report.misses)})")
        for m in report.misses:
            console.print(
                f"{m.get('article')} | {m.get('player')} | {m.get('kind')} | "
                f"{m.get('club')} | {m.get('polarity')}\n    > {m.get('evidence')}",
                markup=False,
                highlight=False,
            )
    if false_alarms:
        console.print(f"\n[bold]False alarms ({len(report.false_alarms)})")
        for f in report.false_alarms:
            console.print(
                f"{f.get('article')} | {f['player']} | {f['kind']} | {f['club']} | "
                f"{f['polarity']}\n    > {f['evidence']['text']}",
                markup=False,
                highlight=False,
            )


if __name__ == "__main__":
    app()
