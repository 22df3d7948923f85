"""`touchline status`, `touchline fold` and `touchline rebuild`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import asyncpg
import orjson
import typer
from rich.console import Console
from rich.table import Table

from services.status import queries
from services.status.fold import next_status
from shared.codecs import PoisonMessage, encode
from shared.events import Claim, PlayerStatus
from shared.settings import Settings, load_settings

app = typer.Typer(no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)


# ---------------------------------------------------------------- touchline fold


def read_articles(sources: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """(where, JSON object) for each article: a file holds one object, a list of them, or
    JSON lines; `-` reads standard input."""
    for source in sources:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        name = "<stdin>" if source == "-" else source
        try:
            parsed = orjson.loads(raw)
        except orjson.JSONDecodeError:
            # Not one JSON document: JSON lines, one article a line.
            for number, line in enumerate(raw.splitlines(), start=1):
                if line.strip():
                    yield f"{name}:{number}", orjson.loads(line)
            continue
        if isinstance(parsed, list):
            for index, item in enumerate(parsed):
                yield f"{name}[{index}]", item
        else:
            yield name, parsed


def fold_claims(claims: Iterable[Claim]) -> list[PlayerStatus]:
    """Each player's picture from these claims alone, in player id order."""
    by_player: dict[str, list[Claim]] = {}
    for claim in claims:
        by_player.setdefault(claim.player_id, []).append(claim)
    pictures = (next_status(None, group) for _, group in sorted(by_player.items()))
    return [p for p in pictures if p is not None]


@app.command("fold")
def fold_command(
    files: Annotated[list[str], typer.Argument(help="Article JSON files, or - for stdin")],
) -> None:
    """Extract and fold articles in-process (no Kafka, no Postgres); print each player's
    picture as one JSON line, in player id order."""
    try:
        from services.extract.mapping import article_from_json, extract_claims
    except ImportError as error:
        err.print(f"[red]the extraction engine is not available[/red]: {error}")
        raise typer.Exit(2) from None

    claims: list[Claim] = []
    failed = 0
    for where, obj in _guarded(read_articles(files)):
        try:
            claims.extend(extract_claims(article_from_json(obj)))
        except (PoisonMessage, ValueError) as error:
            failed += 1
            err.print(f"[red]{where}[/red]: {error}")
    for status in fold_claims(claims):
        sys.stdout.buffer.write(encode(status) + b"\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _guarded(items: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    try:
        yield from items
    except (OSError, orjson.JSONDecodeError) as error:
        err.print(f"[red]cannot read articles[/red]: {error}")
        raise typer.Exit(1) from None


# ---------------------------------------------------------------- touchline status


async def _connect(settings: Settings) -> asyncpg.Pool:
    from services.status.main import connect_database

    try:
        return await asyncio.wait_for(connect_database(settings), timeout=30)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        err.print(f"[red]cannot reach the status database[/red] ({settings.postgres_dsn}): {error}")
        raise typer.Exit(1) from None


def players_table(page: queries.PlayerPage) -> Table:
    table = Table(title="Player pictures")
    for column in ("player", "club", "contract", "leading suitor", "outlook", "v", "as of"):
        table.add_column(column)
    for p in page.items:
        table.add_row(
            p.player,
            p.current_club or "-",
            p.contract_state or "-",
            p.leading_suitor or "-",
            p.outlook,
            str(p.version),
            p.as_of.date().isoformat(),
        )
    return table


def picture_tables(status: PlayerStatus, timeline: queries.Timeline | None) -> list[Table]:
    head = Table(title=f"{status.player} ({status.player_id}) v{status.version}", show_header=False)
    head.add_column("what")
    head.add_column("value")
    head.add_row("current club", status.current_club or "-")
    if status.contract:
        c = status.contract
        expiry = f", expires {c.expiry}" if c.expiry else ""
        head.add_row("contract", f"{c.state} ({c.club or '-'}{expiry}), {c.confidence:.2f}")
    o = status.outlook
    head.add_row("outlook", f"{o.verdict} {o.destination or ''} {o.probability:.2f}".strip())
    if status.stance:
        head.add_row("stance", status.stance)
    head.add_row("as of", status.as_of.isoformat())

    suitors = Table(title="Suitors")
    for column in ("club", "stage", "probability", "sources", "last seen"):
        suitors.add_column(column)
    for s in status.suitors:
        suitors.add_row(
            s.club or "(unnamed)",
            s.stage,
            f"{s.probability:.2f}",
            ", ".join(s.sources) or "-",
            s.last_seen.date().isoformat(),
        )
    tables = [head, suitors]
    if timeline is not None:
        evidence = Table(title="Evidence timeline")
        for column in ("date", "outlet", "claim", "sentence"):
            evidence.add_column(column)
        for e in timeline.entries:
            what = f"{e.kind}{' ' + e.club if e.club else ''}"
            if e.polarity == "denied":
                what = f"NOT {what}"
            evidence.add_row(
                e.published.date().isoformat(),
                e.outlet or "-",
                f"{what} ({e.certainty})",
                e.sentence,
            )
        tables.append(evidence)
    return tables


async def _status(player: str | None, limit: int) -> None:
    settings = load_settings()
    pool = await _connect(settings)
    try:
        if player is None:
            out.print(players_table(await queries.list_players(pool, limit=limit)))
            return
        found = await queries.find_player_id(pool, player)
        status = await queries.get_player(pool, found) if found else None
        if found is None or status is None:
            err.print(f"[red]no picture for player {player!r}[/red]")
            raise typer.Exit(1)
        for table in picture_tables(status, await queries.timeline(pool, found)):
            out.print(table)
    finally:
        await pool.close()


@app.command("status")
def status_command(
    player: Annotated[str | None, typer.Argument(help="Player id or name")] = None,
    limit: Annotated[int, typer.Option(help="How many players to list")] = queries.MAX_LIMIT,
) -> None:
    """All players as a table, or one player's picture and evidence timeline."""
    asyncio.run(_status(player, limit))


# ---------------------------------------------------------------- touchline rebuild


async def _rebuild(publish: bool) -> None:
    from services.status.rebuild import rebuild_and_publish

    settings = load_settings()
    pool = await _connect(settings)
    try:
        report = await rebuild_and_publish(settings, pool, publish=publish)
    finally:
        await pool.close()
    out.print(f"rebuilt {report.players} players: {report.changed} pictures changed")
    if report.published is not None:
        out.print(f"published {report.published} status events")


@app.command("rebuild")
def rebuild_command(
    publish: Annotated[
        bool, typer.Option(help="Publish the new events now (else the running relay does)")
    ] = True,
) -> None:
    """Refold every picture from the stored claims (after a change to the fold); only
    pictures that changed get a new version and a status event."""
    asyncio.run(_rebuild(publish))
