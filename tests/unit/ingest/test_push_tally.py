"""The CLI's push loop with a fake sender: tallies, re-sends after a 422, exit codes."""

from __future__ import annotations

import io
from collections.abc import Sequence

import httpx
import orjson
from rich.console import Console

from services.ingest.cli import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNREACHABLE,
    HttpSender,
    Unreachable,
    run_push,
)
from services.ingest.files import Item
from services.ingest.normalise import Rejection

QUIET = Console(file=io.StringIO())


def test_all_accepted_or_duplicate_exits_0() -> None:
    items = [Item("a", {"text": "one"}), Item("b", {"text": "two"})]

    def send(chunk: Sequence[Item]) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
        return [(chunk[0], "id-1", "new"), (chunk[1], "id-1", "duplicate")]

    tally = run_push(items, send, QUIET)
    assert (len(tally.accepted), len(tally.duplicates), tally.exit_code) == (1, 1, EXIT_OK)


def test_local_rejections_are_never_sent() -> None:
    sent: list[str] = []

    def send(chunk: Sequence[Item]) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
        sent.extend(i.source for i in chunk)
        return [(i, "id", "new") for i in chunk]

    items = [
        Item("good", {"text": "ok"}),
        Item("empty", {"text": " "}),
        Item("unreadable", rejection=Rejection("article", "not valid JSON")),
    ]
    tally = run_push(items, send, QUIET)
    assert sent == ["good"]
    assert [(s, r.field) for s, r in tally.rejected] == [
        ("empty", "text"),
        ("unreadable", "article"),
    ]
    assert tally.exit_code == EXIT_REJECTED


def test_an_unreachable_service_stops_and_exits_2() -> None:
    def send(chunk: Sequence[Item]) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
        raise Unreachable("connection refused")

    tally = run_push([Item("a", {"text": "x"})], send, QUIET)
    assert (tally.exit_code, tally.unsent, tally.failure) == (
        EXIT_UNREACHABLE,
        1,
        "connection refused",
    )


def test_the_http_sender_resends_the_rest_after_a_422() -> None:
    bodies: list[list[dict[str, str]]] = []

    def service(request: httpx.Request) -> httpx.Response:
        batch = orjson.loads(request.content)
        bodies.append(batch)
        assert request.headers["authorization"] == "Bearer t"
        bad = [i for i, a in enumerate(batch) if a["text"] == "server says no"]
        if bad:
            errors = [{"index": i, "field": "text", "reason": "too long"} for i in bad]
            return httpx.Response(422, json={"detail": "x", "errors": errors})
        results = [
            {"index": i, "id": f"id-{a['text']}", "status": "new"} for i, a in enumerate(batch)
        ]
        return httpx.Response(
            202, json={"accepted": len(batch), "duplicates": 0, "results": results}
        )

    client = httpx.Client(transport=httpx.MockTransport(service), base_url="http://ingest")
    items = [
        Item("a", {"text": "a"}),
        Item("b", {"text": "server says no"}),
        Item("c", {"text": "c"}),
    ]
    outcomes = HttpSender(client, "t")(items)
    assert [o[0].source for o in outcomes] == ["b", "a", "c"]
    assert [len(b) for b in bodies] == [3, 2]
    assert outcomes[1][1:] == ("id-a", "new")


def test_a_long_run_shows_a_progress_bar() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    items = [Item(f"f{n}", {"text": f"article {n}"}) for n in range(25)]

    def send(chunk: Sequence[Item]) -> list[tuple[Item, str, str] | tuple[Item, Rejection]]:
        return [(i, "id", "new") for i in chunk]

    run_push(items, send, console)
    assert "pushing" in screen.getvalue()
    assert "25/25" in screen.getvalue()
    short = io.StringIO()
    run_push(items[:3], send, Console(file=short, force_terminal=True))
    assert "pushing" not in short.getvalue()
