"""The `touchline` command line: one entry point whose subcommands each service contributes.

Each service's `cli` module holds a `typer.Typer()` named `app`; its commands are merged
here at the top level (`touchline push`, `touchline extract`, `touchline status`, ...).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from enum import Enum

import typer
from rich.console import Console

from shared.settings import load_settings

app = typer.Typer(
    name="touchline",
    help="Touchline: football contract and transfer claims from the news, as live player pictures.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)


class Service(str, Enum):
    ingest = "ingest"
    extract = "extract"
    status = "status"


_SERVICE_CLIS = tuple(f"services.{service.value}.cli" for service in Service)


@app.command()
def run(service: Service) -> None:
    """Run one service (ingest, extract or status) until interrupted."""
    settings = load_settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    module = importlib.import_module(f"services.{service.value}.main")
    module.serve(settings)


@app.command()
def topics() -> None:
    """Create every Touchline topic that is missing (idempotent)."""
    from shared.kafka import ensure_topics

    settings = load_settings()
    created = asyncio.run(ensure_topics(settings))
    console.print(f"[green]topics ready[/green]: {created}")


def _merge_service_commands() -> None:
    for name in _SERVICE_CLIS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # that service contributes no commands yet
        sub: typer.Typer = module.app
        app.registered_commands.extend(sub.registered_commands)


_merge_service_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
