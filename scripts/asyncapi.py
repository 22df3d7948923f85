"""Write the AsyncAPI document of each service into docs/asyncapi/ (`make docs`).

Each document comes from the service's real subscriber registration on a broker that is
never connected; the outputs each service publishes are declared beside it with their
event models, so the documents show every topic a service reads and writes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI

from shared.events import Article, Claim, DeadLetter, PlayerStatus
from shared.kafka import make_broker
from shared.settings import Settings
from shared.topics import Topics

DOCS = Path(__file__).resolve().parents[1] / "docs" / "asyncapi"
_NEVER_CALLED: Any = None  # handlers are registered for the document only, never run


def _ingest(broker: KafkaBroker, settings: Settings, topics: Topics) -> None:
    from services.ingest.inbox import register_inbox

    register_inbox(broker, settings, topic=topics.inbox, ingestor=lambda: _NEVER_CALLED)
    _publishes(
        broker, topics.articles, Article, "Validated, de-duplicated articles, keyed by article id."
    )
    _publishes(
        broker,
        Topics.dlq(topics.inbox),
        DeadLetter,
        "Inbox messages that failed validation, with the reason.",
    )


def _extract(broker: KafkaBroker, settings: Settings, topics: Topics) -> None:
    from services.extract.consumer import register

    register(broker, settings, _NEVER_CALLED)
    _publishes(broker, topics.claims, Claim, "One event per claim, keyed by player id.")
    _publishes(
        broker,
        Topics.dlq(topics.articles),
        DeadLetter,
        "Articles that could not be processed, with the reason.",
    )


def _status(broker: KafkaBroker, settings: Settings, topics: Topics) -> None:
    from services.status.consumer import subscribe_claims

    subscribe_claims(broker, settings, _NEVER_CALLED)
    _publishes(
        broker,
        topics.status,
        PlayerStatus,
        "Each player's whole picture after every change, keyed by player id (compacted).",
    )
    _publishes(
        broker,
        Topics.dlq(topics.claims),
        DeadLetter,
        "Claims that could not be folded, with the reason.",
    )


def _publishes(broker: KafkaBroker, topic: str, model: type[Any], description: str) -> None:
    broker.publisher(
        topic, title=f"{topic}:{model.__name__}", description=description, schema=model
    )


SERVICES: dict[str, tuple[Callable[[KafkaBroker, Settings, Topics], None], str]] = {
    "ingest": (_ingest, "Validates and de-duplicates articles from every door."),
    "extract": (_extract, "Finds every contract and transfer claim in an article."),
    "status": (_status, "Folds claims into each player's picture and publishes each change."),
}


def document(service: str) -> str:
    """The document of one service, built in a fresh interpreter: FastStream keeps some
    publisher registrations process-wide, so brokers built side by side leak into each
    other's documents."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.asyncapi", "--print", service],
        cwd=DOCS.parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _document_here(service: str) -> str:
    settings = Settings()
    declare, description = SERVICES[service]
    broker = make_broker(settings, service=service)
    declare(broker, settings, Topics.from_settings(settings))
    spec = AsyncAPI(
        broker,
        title=f"Touchline {service}",
        version="1.0.0",
        description=description,
        schema_version="3.0.0",
    )
    # Sorted keys: FastStream orders channels by set iteration, which varies per process.
    text: str = yaml.safe_dump(spec.to_specification().to_jsonable(), sort_keys=True)
    return text


def main() -> int:
    if sys.argv[1:2] == ["--print"]:
        sys.stdout.write(_document_here(sys.argv[2]))
        return 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        path = DOCS / f"{service}.yaml"
        path.write_text(document(service))
        print(f"wrote {path.relative_to(DOCS.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
