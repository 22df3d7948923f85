"""The HTTP door: `POST /articles` (one) and `POST /articles/batch` (JSON array or NDJSON).

The body is read raw and goes through the same normalise path as the other doors; the
pydantic models here only document it (OpenAPI). A batch is all or nothing at validation:
one bad article answers 422 listing every problem and nothing is published, so a 202 never
hides a rejection. 202 is answered only after the broker acknowledged the writes.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from services.ingest.dedup import Outcome
from services.ingest.normalise import ArticleIn, Rejection, ignored_fields, parse_json
from services.ingest.pipeline import Ingestor, Unavailable
from shared.events import Article

JSON_TYPES = ("application/json",)
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl")


class PushResult(BaseModel):
    id: str = Field(description="The article id; for a duplicate, the first push's id.")
    status: Literal["new", "duplicate"]
    ignored_fields: list[str] = Field(
        default_factory=list, description="Fields of the input that ingest does not know."
    )


class BatchItemResult(PushResult):
    index: int


class BatchResult(BaseModel):
    accepted: int
    duplicates: int
    results: list[BatchItemResult]


class ProblemItem(BaseModel):
    index: int | None = None
    field: str
    reason: str


class Problem(BaseModel):
    detail: str
    errors: list[ProblemItem] = Field(default_factory=list)


class HttpProblem(Exception):
    """A problem answer (4xx, 5xx), raised anywhere in a request (the bearer check runs
    before the route) and turned into its response by the app's exception handler."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[ProblemItem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body = Problem(detail=self.detail, errors=self.errors).model_dump(exclude_none=True)
        return JSONResponse(body, status_code=self.status, headers=self.headers or None)


_bearer = HTTPBearer(auto_error=False, description="Required when tokens are configured.")

_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text}
    for code, text in (
        (400, "The body is not UTF-8 JSON (or NDJSON)."),
        (401, "A bearer token is missing or wrong (only when tokens are configured)."),
        (413, "The request or one article is larger than the limit."),
        (415, "The content type is not one this endpoint reads."),
        (422, "An article is invalid; `errors` names each field and why."),
        (503, "Kafka or Postgres is unreachable; nothing was accepted, retry later."),
    )
}


def _schema_ref(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(ref_template="#/components/schemas/{model}")


def _body_doc(content: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": content}}


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HttpProblem(413, f"request too large: {declared} bytes, the maximum is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HttpProblem(413, f"request too large: over {limit} bytes")
    return bytes(body)


def _via(header: str | None) -> str:
    return "cli" if (header or "").strip().lower() == "cli" else "http"


async def _submit(ing: Ingestor, articles: Sequence[Article], via: str) -> list[Outcome]:
    try:
        return await ing.submit(articles, via=via)
    except Unavailable as error:
        raise HttpProblem(503, str(error), headers={"Retry-After": "5"}) from error


def ingest_router(
    ingestor: Callable[[], Ingestor | None],
    *,
    tokens: Sequence[str],
    max_request_bytes: int,
    max_article_bytes: int,
) -> APIRouter:
    router = APIRouter(tags=["articles"], responses=_PROBLEMS)
    expected = [t.encode() for t in tokens if t]

    async def authorised(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        if not expected:
            return
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HttpProblem(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = credentials.credentials.encode()
        # Compare against every token, without stopping early, in constant time.
        matches = [secrets.compare_digest(given, token) for token in expected]
        if not any(matches):
            raise HttpProblem(
                401,
                "invalid bearer token",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )

    def running() -> Ingestor:
        current = ingestor()
        if current is None:
            raise HttpProblem(503, "ingest is starting", headers={"Retry-After": "5"})
        return current

    def checked(
        ing: Ingestor,
        items: Sequence[tuple[bytes | dict[str, Any], int]],
        via: str,
        *,
        batch: bool,
    ) -> list[Article]:
        """Normalise every item; raise 413/422 listing every problem, or return articles."""
        articles: list[Article] = []
        too_large: list[ProblemItem] = []
        invalid: list[ProblemItem] = []
        for index, (item, size) in enumerate(items):
            where = index if batch else None
            if size > max_article_bytes:
                too_large.append(
                    ProblemItem(
                        index=where,
                        field="article",
                        reason=f"too large: {size} bytes, the maximum is {max_article_bytes}",
                    )
                )
                continue
            result = ing.prepare(item, via=via)
            if isinstance(result, Rejection):
                invalid.append(ProblemItem(index=where, field=result.field, reason=result.reason))
            else:
                articles.append(result)
        if too_large:
            raise HttpProblem(413, "article too large", too_large)
        if invalid:
            first = invalid[0]
            prefix = f"article {first.index}: " if batch else ""
            raise HttpProblem(422, f"{prefix}{first.field}: {first.reason}", invalid)
        return articles

    @router.post(
        "/articles",
        status_code=202,
        response_model=PushResult,
        summary="Push one article",
        dependencies=[Depends(authorised)],
        openapi_extra=_body_doc({"application/json": {"schema": _schema_ref(ArticleIn)}}),
    )
    async def push_one(
        request: Request, x_touchline_via: str | None = Header(default=None)
    ) -> JSONResponse:
        via = _via(x_touchline_via)
        ing = running()
        if _media_type(request) not in JSON_TYPES:
            raise HttpProblem(415, "expected Content-Type: application/json")
        body = await _read_body(request, max_request_bytes)
        parsed = parse_json(body)
        if isinstance(parsed, Rejection):
            raise HttpProblem(
                400, str(parsed), [ProblemItem(field=parsed.field, reason=parsed.reason)]
            )
        (article,) = checked(ing, [(parsed, len(body))], via, batch=False)
        (outcome,) = await _submit(ing, [article], via)
        result = PushResult(
            id=outcome.article_id, status=outcome.status, ignored_fields=ignored_fields(parsed)
        )
        return JSONResponse(result.model_dump(), status_code=202)

    @router.post(
        "/articles/batch",
        status_code=202,
        response_model=BatchResult,
        summary="Push many articles: a JSON array, or NDJSON (one object a line)",
        dependencies=[Depends(authorised)],
        openapi_extra=_body_doc(
            {
                "application/json": {
                    "schema": {"type": "array", "minItems": 1, "items": _schema_ref(ArticleIn)}
                },
                "application/x-ndjson": {
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "description": "One article object (as for POST /articles) a line.",
                    }
                },
            }
        ),
    )
    async def push_batch(
        request: Request, x_touchline_via: str | None = Header(default=None)
    ) -> JSONResponse:
        via = _via(x_touchline_via)
        ing = running()
        media = _media_type(request)
        if media not in JSON_TYPES + NDJSON_TYPES:
            raise HttpProblem(
                415, "expected Content-Type: application/json (an array) or application/x-ndjson"
            )
        body = await _read_body(request, max_request_bytes)
        items = _split_batch(body, ndjson=media in NDJSON_TYPES)
        articles = checked(ing, items, via, batch=True)
        outcomes = await _submit(ing, articles, via) if articles else []
        results = [
            BatchItemResult(
                index=i,
                id=o.article_id,
                status=o.status,
                ignored_fields=ignored_fields(item) if isinstance(item, dict) else [],
            )
            for i, (o, (item, _)) in enumerate(zip(outcomes, items, strict=True))
        ]
        answer = BatchResult(
            accepted=sum(1 for o in outcomes if o.status == "new"),
            duplicates=sum(1 for o in outcomes if o.status == "duplicate"),
            results=results,
        )
        return JSONResponse(answer.model_dump(), status_code=202)

    return router


def _split_batch(body: bytes, *, ndjson: bool) -> list[tuple[bytes | dict[str, Any], int]]:
    """The batch's items with their sizes in bytes; 400 when the envelope is unreadable."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpProblem(400, f"article: not valid UTF-8 at byte {error.start}") from None
    if ndjson:
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise HttpProblem(400, "article: empty batch")
        items: list[tuple[bytes | dict[str, Any], int]] = []
        for line in lines:
            raw = line.encode()
            parsed = parse_json(raw)
            # An unreadable line stays bytes so normalise names the problem for its index.
            items.append((raw if isinstance(parsed, Rejection) else parsed, len(raw)))
        return items
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise HttpProblem(400, f"article: not valid JSON: {error}") from None
    if not isinstance(data, list):
        raise HttpProblem(400, "article: expected a JSON array of articles")
    if not data:
        raise HttpProblem(400, "article: empty batch")
    items = []
    for entry in data:
        raw = orjson.dumps(entry)
        # Non-objects are passed as bytes so normalise names the problem for that index.
        items.append((entry if isinstance(entry, dict) else raw, len(raw)))
    return items
