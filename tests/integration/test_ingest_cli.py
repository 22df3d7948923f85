"""`touchline push` against a running ingest service (uvicorn in a thread of this test),
and with --direct straight to the real Kafka and Postgres."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest
import uvicorn
from typer.testing import CliRunner

from services.ingest.cli import app as push_app
from services.ingest.main import build_app
from shared.settings import Settings
from tests.integration.ingest_support import articles, free_port

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The ingest service on a real port, as the CLI meets it; yields its URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(build_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):
            if server.started or not thread.is_alive():
                break
            time.sleep(0.1)
        assert server.started, "the ingest service did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


@pytest.fixture(scope="module")
def service(settings: Settings) -> Iterator[str]:
    with serving(settings) as url:
        yield url


def counts(output: str) -> dict[str, int]:
    found = re.findall(r"(accepted|duplicates|rejected|not sent)\W+(\d+)", output)
    return {label: int(n) for label, n in found}


def text(label: str) -> str:
    return f"{label}: Liverpool open contract talks with Ibrahima Konaté. {uuid.uuid4().hex}"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """One of each kind the CLI reads."""
    (tmp_path / "one.json").write_bytes(orjson.dumps({"text": text("json"), "title": "One"}))
    (tmp_path / "many.json").write_bytes(orjson.dumps([{"text": text("a0")}, {"text": text("a1")}]))
    (tmp_path / "lines.ndjson").write_text(
        "\n".join(orjson.dumps({"text": text(f"l{n}")}).decode() for n in range(3)) + "\n"
    )
    folder = tmp_path / "folder"
    (folder / "deeper").mkdir(parents=True)
    (folder / "note.txt").write_text(text("txt") + "\n\nSecond paragraph.\n")
    (folder / "deeper" / "page.html").write_text(
        "<html><head><title>Konaté talks</title></head><body><nav>Menu</nav><article>"
        f"<p>{text('html')}</p>"
        + "<p>The France international has eighteen months left on his deal.</p>" * 3
        + "</article><footer>Cookies</footer></body></html>"
    )
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    return tmp_path


def push(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(push_app, list(args), input=input, env={"COLUMNS": "200", **(env or {})})


async def test_push_every_kind_of_file_then_again_as_duplicates(
    service: str, inputs: Path, settings: Settings
) -> None:
    paths = [str(inputs / n) for n in ("one.json", "many.json", "lines.ndjson", "folder")]
    first = await asyncio.to_thread(push, *paths, "--url", service, "-v")
    assert first.exit_code == 0, first.output
    assert counts(first.output) == {"accepted": 8, "duplicates": 0, "rejected": 0}

    published = {a.id: a for a in await articles(settings)}
    ids = re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", first.output)
    assert len(set(ids)) == 8
    assert all(i in published for i in ids)
    by_via = [published[i] for i in set(ids)]
    assert {a.via for a in by_via} == {"cli"}
    html = next(a for a in by_via if "html:" in a.text)
    assert html.title == "Konaté talks"
    assert "Cookies" not in html.text and "Menu" not in html.text
    note = next(a for a in by_via if "txt:" in a.text)
    assert note.text.endswith("\n\nSecond paragraph.")

    again = await asyncio.to_thread(push, *paths, "--url", service)
    assert again.exit_code == 0, again.output
    assert counts(again.output) == {"accepted": 0, "duplicates": 8, "rejected": 0}


async def test_rejections_are_summarised_and_exit_1(
    service: str, tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "good.json").write_bytes(orjson.dumps({"text": text("good")}))
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "mixed.ndjson").write_text(
        orjson.dumps({"text": text("ok")}).decode()
        + "\n"
        + orjson.dumps({"text": "x", "published": "someday"}).decode()
        + "\n[1]\n"
    )
    (tmp_path / "empty.txt").write_text("   \n")
    result = await asyncio.to_thread(
        push, str(tmp_path), str(tmp_path / "nope.json"), "--url", service
    )
    assert result.exit_code == 1, result.output
    assert counts(result.output) == {"accepted": 2, "duplicates": 0, "rejected": 5}
    for fragment in (
        "bad.json",
        "not valid JSON",
        "mixed.ndjson:2",
        "published",
        "someday",
        "mixed.ndjson:3",
        "expected a JSON object",
        "empty.txt",
        "nope.json",
        "no such file or directory",
    ):
        assert fragment in result.output


def test_stdin_through_the_real_console_script(service: str) -> None:
    lines = b"\n".join(orjson.dumps({"text": text(f"stdin{n}")}) for n in range(2))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "touchline"), "push", "-", "--url", service],
        input=lines,
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    output = done.stdout.decode()
    assert done.returncode == 0, output + done.stderr.decode()
    assert counts(output) == {"accepted": 2, "duplicates": 0, "rejected": 0}

    single = push("-", "--url", service, input=orjson.dumps({"text": text("stdin-one")}))
    assert single.exit_code == 0, single.output
    plain = push("-", "--url", service, input=text("stdin plain text").encode())
    assert counts(plain.output)["accepted"] == 1


def test_an_unreachable_service_exits_2() -> None:
    result = push("-", "--url", f"http://127.0.0.1:{free_port()}", input=b'{"text": "Salah"}')
    assert result.exit_code == 2, result.output
    assert "cannot reach the ingest service" in result.output
    assert counts(result.output)["not sent"] == 1


def test_a_service_requiring_a_token(settings: Settings) -> None:
    guarded = settings.model_copy(update={"ingest_tokens": ("letmein",)})
    with serving(guarded) as url:
        body = orjson.dumps({"text": text("token")})
        refused = push("-", "--url", url, input=body)
        assert refused.exit_code == 2
        assert "401" in refused.output and "missing bearer token" in refused.output
        allowed = push("-", "--url", url, "--token", "letmein", input=body)
        assert allowed.exit_code == 0, allowed.output


async def test_direct_publishes_without_the_service(inputs: Path, settings: Settings) -> None:
    env = {
        "TOUCHLINE_TOPIC_PREFIX": settings.topic_prefix,
        "TOUCHLINE_POSTGRES_URL": settings.postgres_dsn,
        "TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
    }
    (inputs / "direct.json").write_bytes(orjson.dumps({"text": text("direct")}))
    result = await asyncio.to_thread(push, str(inputs / "direct.json"), "--direct", "-v", env=env)
    assert result.exit_code == 0, result.output
    assert counts(result.output) == {"accepted": 1, "duplicates": 0, "rejected": 0}
    assert any("direct:" in a.text for a in await articles(settings))
    again = await asyncio.to_thread(push, str(inputs / "direct.json"), "--direct", env=env)
    assert counts(again.output)["duplicates"] == 1

    away = {**env, "TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}"}
    unreachable = await asyncio.to_thread(push, str(inputs / "one.json"), "--direct", env=away)
    assert unreachable.exit_code == 2, unreachable.output
    assert "cannot reach Kafka" in unreachable.output
