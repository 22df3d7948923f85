"""The feed poller against RSS and Atom feeds and article pages served by a local HTTP
server, publishing to the real Kafka with its state in the real Postgres."""

from __future__ import annotations

import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.ingest.feeds import FeedPoller
from services.ingest.main import Runtime
from shared.settings import Settings
from tests.integration.ingest_support import articles, running_app

pytestmark = pytest.mark.integration

RUN = uuid.uuid4().hex[:8]
FILLER = (
    "<p>The defender's current deal runs until the summer and talks over an extension have "
    "been ongoing for several months, according to people close to the negotiations.</p>"
)


def page(n: int) -> str:
    return (
        f"<html><head><title>Page {n}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a> | Login</nav>"
        f"<article><h1>Story {n}</h1>"
        f"<p>Virgil van Dijk is close to agreeing a new two-year contract, story {n} {RUN}.</p>"
        f"{FILLER * 3}</article>"
        "<footer>Cookie policy | Terms</footer></body></html>"
    )


def rss(base: str, items: list[int]) -> str:
    entries = "".join(
        f"<item><title>Story {n}</title><link>{base}/story/{n}</link>"
        f"<guid>rss-{RUN}-{n}</guid><pubDate>Sun, 09 Feb 2025 10:0{n % 10}:00 GMT</pubDate>"
        f"<description>Short summary {n}</description></item>"
        for n in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Sport</title>'
        f"<link>{base}</link><description>news</description>{entries}</channel></rss>"
    )


def atom(base: str, items: list[int]) -> str:
    entries = "".join(
        f"<entry><title>Atom {n}</title><id>urn:atom:{RUN}:{n}</id>"
        f'<link href="{base}/atom-story/{n}"/><updated>2025-02-10T12:00:0{n % 10}Z</updated>'
        f'<author><name>Reporter {n}</name></author><content type="html">'
        f"&lt;p&gt;Full atom body {n} {RUN}: Salah extends his contract.&lt;/p&gt;</content>"
        "</entry>"
        for n in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom Sport</title><id>urn:atom:{RUN}</id>"
        f"<updated>2025-02-10T12:00:00Z</updated>{entries}</feed>"
    )


@dataclass
class Site:
    """What the local server serves and what it was asked."""

    base: str = ""
    rss_items: list[int] = field(default_factory=lambda: [1, 2])
    atom_items: list[int] = field(default_factory=lambda: [1, 2, 3])
    version: int = 1
    failing: set[int] = field(default_factory=set)
    requests: list[tuple[str, dict[str, str], int]] = field(default_factory=list)

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if path == "/rss.xml":
            # RSS validated by Last-Modified only.
            stamp = f"Mon, 0{self.version} Jan 2025 00:00:00 GMT"
            if headers.get("if-modified-since") == stamp:
                return 304, {}, b""
            body = rss(self.base, self.rss_items).encode()
            return 200, {"Content-Type": "application/rss+xml", "Last-Modified": stamp}, body
        if path == "/atom.xml":
            # Atom validated by ETag only.
            etag = f'"atom-v{self.version}"'
            if headers.get("if-none-match") == etag:
                return 304, {}, b""
            body = atom(self.base, self.atom_items).encode()
            return 200, {"Content-Type": "application/atom+xml", "ETag": etag}, body
        if path.startswith("/story/"):
            if int(path.rsplit("/", 1)[1]) in self.failing:
                return 503, {}, b"try later"
            return 200, {"Content-Type": "text/html"}, page(int(path.rsplit("/", 1)[1])).encode()
        return 404, {}, b"not found"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, body = state.answer(self.path, headers)
            state.requests.append((self.path, headers, status))
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with running_app(settings) as application:
        yield application


def poller(app: FastAPI, client: httpx.AsyncClient, feeds: list[str]) -> FeedPoller:
    runtime: Runtime = app.state.runtime
    assert runtime.pool is not None
    return FeedPoller(runtime.pool, runtime.require_ingestor(), client, feeds)


async def test_feeds_become_articles_with_conditional_requests(
    app: FastAPI, site: Site, settings: Settings
) -> None:
    feeds = [f"{site.base}/rss.xml", f"{site.base}/atom.xml"]
    async with httpx.AsyncClient() as client:
        first = await poller(app, client, feeds).poll_all()
        assert [(r.status, r.new, r.rejected, r.deferred) for r in first] == [
            (200, 2, [], 0),
            (200, 3, [], 0),
        ]

        published = {a.url: a for a in await articles(settings)}
        # RSS carries only a summary: the page was fetched and its main text extracted.
        story = published[f"{site.base}/story/1"]
        assert f"Virgil van Dijk is close to agreeing a new two-year contract, story 1 {RUN}" in (
            story.text
        )
        assert "Cookie policy" not in story.text
        assert "Short summary" not in story.text
        assert story.title == "Story 1"
        assert story.outlet == "Local Sport"
        assert story.published.isoformat() == "2025-02-09T10:01:00+00:00"
        assert story.via == f"feed:{site.base}/rss.xml"
        # Atom carries the whole body: no page fetch.
        body = published[f"{site.base}/atom-story/2"]
        assert body.text == f"Full atom body 2 {RUN}: Salah extends his contract."
        assert body.author == "Reporter 2"
        assert not any(path.startswith("/atom-story") for path, _, _ in site.requests)

        # Polled again, each feed answers 304 to the validators it gave.
        second = await poller(app, client, feeds).poll_all()
        assert [(r.status, r.new) for r in second] == [(304, 0), (304, 0)]
        conditional = {path: headers for path, headers, status in site.requests if status == 304}
        assert conditional["/rss.xml"]["if-modified-since"] == "Mon, 01 Jan 2025 00:00:00 GMT"
        assert conditional["/atom.xml"]["if-none-match"] == '"atom-v1"'

        # Both feeds change (new validators), RSS gains an entry: only it becomes an article;
        # the entries seen before are skipped by id (state kept in Postgres, new poller).
        site.version, site.rss_items = 2, [1, 2, 3]
        third = await poller(app, client, feeds).poll_all()
        assert [(r.status, r.new, r.duplicates) for r in third] == [(200, 1, 0), (200, 0, 0)]

    urls = [a.url for a in await articles(settings)]
    assert len(urls) == len(set(urls)) == 6


async def test_a_page_that_cannot_be_fetched_is_retried_next_poll(
    app: FastAPI, site: Site, settings: Settings
) -> None:
    feed = f"{site.base}/rss.xml"
    site.version, site.rss_items, site.failing = 3, [1, 2, 3, 4], {4}
    async with httpx.AsyncClient() as client:
        (result,) = await poller(app, client, [feed]).poll_all()
        assert (result.status, result.new, result.deferred) == (200, 0, 1)
        site.failing = set()
        (retried,) = await poller(app, client, [feed]).poll_all()
        # Not hidden behind a 304: the validators were not saved while an entry was pending.
        assert (retried.status, retried.new) == (200, 1)
    assert f"{site.base}/story/4" in {a.url for a in await articles(settings)}
