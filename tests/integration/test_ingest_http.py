"""The HTTP door against the real Kafka and Postgres: pushes, duplicates, restarts, errors."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
import pytest

from shared.codecs import ARTICLE_TYPE, headers_as_text
from shared.events import Article
from shared.settings import Settings
from shared.topics import Topics
from tests.infra import create_database, drop_database, terminate_backends
from tests.integration.ingest_support import free_port, running_app, topic_records

pytestmark = pytest.mark.integration


async def published(settings: Settings, article_id: str) -> list[Any]:
    records = await topic_records(settings, Topics.from_settings(settings).articles)
    return [r for r in records if r.key == article_id.encode()]


@asynccontextmanager
async def running(settings: Settings, **options: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        running_app(settings, **options) as app,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest") as c,
    ):
        yield c


@pytest.fixture(scope="module")
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(settings) as c:
        yield c


def unique(text: str = "Mohamed Salah has signed a new contract with Liverpool.") -> str:
    return f"{text} ({uuid.uuid4().hex})"


async def test_ready_health_and_metrics(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"kafka": True, "postgres": True}
    await client.post("/articles", json={"text": unique()})
    metrics = (await client.get("/metrics")).text
    assert 'touchline_ingest_accepted_total{via="http"}' in metrics
    assert "touchline_ingest_publish_seconds_bucket" in metrics


async def test_one_article_is_published_keyed_by_id_with_cloudevents_headers(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = {
        "text": unique(),
        "url": f"https://example.com/news/{uuid.uuid4().hex}",
        "title": "Salah signs",
        "published": "Sun, 09 Feb 2025 10:11:12 GMT",
    }
    response = await client.post("/articles", json=body)
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["status"] == "new"

    (record,) = await published(settings, answer["id"])
    article = Article.model_validate(orjson.loads(record.value))
    assert article.id == answer["id"]
    assert article.title == "Salah signs"
    assert article.via == "http"
    assert article.published.isoformat() == "2025-02-09T10:11:12+00:00"
    headers = headers_as_text(record.headers)
    assert headers["ce_type"] == ARTICLE_TYPE
    assert headers["ce_id"] == article.id
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_subject"] == article.canonical_url


async def test_a_batch_as_json_array_and_as_ndjson(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    array = [{"text": unique()}, {"text": unique(), "outlet": "BBC"}]
    response = await client.post("/articles/batch", json=array)
    assert response.status_code == 202, response.text
    assert response.json()["accepted"] == 2

    lines = b"\n".join(orjson.dumps({"text": unique()}) for _ in range(3)) + b"\n"
    response = await client.post(
        "/articles/batch", content=lines, headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 202, response.text
    answer = response.json()
    assert (answer["accepted"], answer["duplicates"]) == (3, 0)
    assert [r["index"] for r in answer["results"]] == [0, 1, 2]
    for result in answer["results"]:
        assert len(await published(settings, result["id"])) == 1


async def test_the_same_url_with_tracking_and_fragment_is_a_duplicate(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    path = f"https://www.example.com/transfer/{uuid.uuid4().hex}"
    first = (await client.post("/articles", json={"text": unique(), "url": path})).json()
    again = await client.post(
        "/articles", json={"text": unique(), "url": f"{path}?utm_source=twitter&fbclid=1#comments"}
    )
    assert again.status_code == 202
    assert again.json() == {"id": first["id"], "status": "duplicate", "ignored_fields": []}
    assert len(await published(settings, first["id"])) == 1


async def test_the_same_text_without_url_is_a_duplicate(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    text = unique("Trent Alexander-Arnold will leave Liverpool in the summer.")
    first = (await client.post("/articles", json={"text": text})).json()
    again = (await client.post("/articles", json={"text": f"  {text.upper()}  "})).json()
    assert first["status"] == "new"
    assert again == {"id": first["id"], "status": "duplicate", "ignored_fields": []}
    # Within one batch too: the second copy is answered duplicate of the first.
    text2 = unique()
    batch = (await client.post("/articles/batch", json=[{"text": text2}, {"text": text2}])).json()
    assert [r["status"] for r in batch["results"]] == ["new", "duplicate"]
    assert len(await published(settings, first["id"])) == 1
    assert len(await published(settings, batch["results"][0]["id"])) == 1


async def test_concurrent_pushes_of_one_article_give_one_new(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = {"text": unique(), "url": f"https://example.com/{uuid.uuid4().hex}"}
    answers = await asyncio.gather(*(client.post("/articles", json=body) for _ in range(8)))
    statuses = sorted(a.json()["status"] for a in answers)
    assert statuses == ["duplicate"] * 7 + ["new"]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(await published(settings, answers[0].json()["id"])) == 1


async def test_duplicates_are_caught_across_a_restart(settings: Settings) -> None:
    body = {"text": unique(), "url": f"https://example.com/restart/{uuid.uuid4().hex}"}
    async with running(settings) as first_life:
        first = (await first_life.post("/articles", json=body)).json()
    async with running(settings) as second_life:
        again = (await second_life.post("/articles", json=body)).json()
    assert first["status"] == "new"
    assert again == {"id": first["id"], "status": "duplicate", "ignored_fields": []}
    assert len(await published(settings, first["id"])) == 1


@pytest.mark.parametrize(
    ("body", "status", "field", "fragment"),
    [
        ({"text": ""}, 422, "text", "empty"),
        ({"text": " \n\t "}, 422, "text", "empty"),
        ({"text": "<div><p> </p><br></div>"}, 422, "text", "empty after cleaning"),
        ({"title": "only a title"}, 422, "text", "required field is missing"),
        ({"text": 12}, 422, "text", "expected a string"),
        ({"text": "ok", "published": "last tuesday"}, 422, "published", "ISO 8601"),
        ({"text": "ok", "url": "javascript:alert(1)"}, 422, "url", "http(s)"),
        ({"text": "ok", "language": 3}, 422, "language", "expected a string"),
        (b"{not json", 400, "article", "not valid JSON"),
        (b"\xc3\x28", 400, "article", "not valid UTF-8"),
        (b"[]", 400, "article", "expected a JSON object"),
    ],
)
async def test_each_bad_input_is_refused_naming_the_problem(
    client: httpx.AsyncClient, body: dict[str, Any] | bytes, status: int, field: str, fragment: str
) -> None:
    content = body if isinstance(body, bytes) else orjson.dumps(body)
    response = await client.post(
        "/articles", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["errors"][0]["field"] == field
    assert fragment in problem["errors"][0]["reason"]
    assert field in problem["detail"]


async def test_a_batch_with_one_bad_article_publishes_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    good = {"text": unique()}
    response = await client.post(
        "/articles/batch", json=[good, {"text": "ok", "published": "soon"}, {"text": ""}]
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(1, "published"), (2, "text")]
    ok = (await client.post("/articles", json=good)).json()
    assert ok["status"] == "new"  # it was not published by the refused batch


async def test_unknown_fields_are_ignored_and_reported(client: httpx.AsyncClient) -> None:
    response = await client.post("/articles", json={"text": unique(), "id": "x", "txt": "y"})
    assert response.status_code == 202
    assert response.json()["ignored_fields"] == ["id", "txt"]


async def test_wrong_content_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/articles", content=b"Salah signs", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]
    response = await client.post(
        "/articles/batch", content=b"<a/>", headers={"Content-Type": "application/xml"}
    )
    assert response.status_code == 415


async def test_too_large_requests_and_articles_are_413(settings: Settings) -> None:
    small = settings.model_copy(
        update={"ingest_max_request_bytes": 2_000, "ingest_max_article_bytes": 500}
    )
    async with running(small) as c:
        whole = await c.post("/articles/batch", json=[{"text": "x" * 400}] * 6)
        assert whole.status_code == 413
        assert "request too large" in whole.json()["detail"]
        one = await c.post("/articles", json={"text": "x" * 800})
        assert one.status_code == 413
        assert one.json()["errors"][0]["reason"].startswith("too large")
        item = await c.post("/articles/batch", json=[{"text": unique()}, {"text": "y" * 800}])
        assert item.status_code == 413
        assert item.json()["errors"][0]["index"] == 1


async def test_bearer_tokens_when_configured(settings: Settings) -> None:
    guarded = settings.model_copy(update={"ingest_tokens": ("s3cret", "other")})
    async with running(guarded) as c:
        missing = await c.post("/articles", json={"text": unique()})
        assert missing.status_code == 401
        assert missing.json()["detail"] == "missing bearer token"
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = await c.post(
            "/articles", json={"text": unique()}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        assert wrong.json()["detail"] == "invalid bearer token"
        right = await c.post(
            "/articles", json={"text": unique()}, headers={"Authorization": "Bearer other"}
        )
        assert right.status_code == 202
        assert (await c.get("/health")).status_code == 200


async def test_kafka_unreachable_answers_503_and_not_ready(settings: Settings) -> None:
    away = settings.model_copy(update={"kafka_bootstrap_servers": f"127.0.0.1:{free_port()}"})
    body = {"text": unique(), "url": f"https://example.com/away/{uuid.uuid4().hex}"}
    async with running(away, kafka_wait_s=0) as c:
        response = await c.post("/articles", json=body)
        assert response.status_code == 503
        assert "kafka unavailable" in response.json()["detail"]
        assert response.headers["retry-after"]
        batch = await c.post("/articles/batch", json=[body])
        assert batch.status_code == 503
        ready = await c.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["kafka"] is False
        assert (await c.get("/health")).status_code == 200
    # Nothing was remembered: once Kafka is back, the same article is new, not a duplicate.
    async with running(settings) as c:
        assert (await c.post("/articles", json=body)).json()["status"] == "new"


async def test_the_openapi_document_describes_the_doors(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    one = document["paths"]["/articles"]["post"]
    schema = one["requestBody"]["content"]["application/json"]["schema"]
    assert "text" in schema["properties"]
    assert schema["required"] == ["text"]
    assert {"202", "401", "413", "415", "422", "503"} <= set(one["responses"])
    batch = document["paths"]["/articles/batch"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-ndjson"} <= set(batch)
    assert "HTTPBearer" in document["components"]["securitySchemes"]


async def test_postgres_dropping_connections_answers_503_and_loses_nothing(
    settings: Settings,
) -> None:
    """Postgres killing ingest's connections mid-push (what a restart does): each push is
    answered 202 or 503, never 500, and every article a retry got accepted is on the topic."""
    name = f"touchline_ingest_{uuid.uuid4().hex[:10]}"
    own = settings.model_copy(
        update={"postgres_url": await create_database(settings.postgres_dsn, name)}
    )
    answers: list[int] = []
    accepted: set[str] = set()
    stop = asyncio.Event()
    try:
        async with running(own) as c:
            killer = asyncio.create_task(terminate_backends(own, stop, rounds=60))
            try:
                for n in range(40):
                    body = {"text": unique(), "url": f"https://example.com/pg/{n}/{uuid.uuid4()}"}
                    while True:
                        response = await c.post("/articles", json=body)
                        answers.append(response.status_code)
                        if response.status_code != 503:
                            break
                    if response.status_code == 202:
                        accepted.add(response.json()["id"])
            finally:
                stop.set()
                killed = await killer
    finally:
        await drop_database(settings.postgres_dsn, name)

    assert killed > 0, "the test never interrupted a connection"
    assert set(answers) <= {202, 503}, answers
    assert len(accepted) == 40
    on_topic = {
        r.key.decode()
        for r in await topic_records(own, Topics.from_settings(own).articles)
        if r.key is not None
    }
    assert accepted <= on_topic
