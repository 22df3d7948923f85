"""The status HTTP routes alone, with a pool that fails as Postgres does when it goes away:
the client gets a 503 naming the database, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.status.main import build_app
from shared.settings import Settings
from tests.infra import CONNECTION_LOST


class LostPool:
    """A pool whose every use fails with `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def acquire(self) -> Any:
        raise self.error

    async def fetch(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error

    async def fetchrow(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error

    async def fetchval(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error


@pytest.mark.parametrize("outage", CONNECTION_LOST, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize(
    "path",
    [
        "/players",
        "/players/mohamed-salah",
        "/players/mohamed-salah/timeline",
        "/clubs/liverpool/situations",
    ],
)
async def test_a_lost_database_is_a_503(outage: Exception, path: str) -> None:
    app = build_app(Settings(), run_consumer=False, run_relay=False)
    app.state.pool = LostPool(outage)  # the lifespan, which would connect, is not entered
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://status") as client:
        response = await client.get(path)

    assert response.status_code == 503, response.text
    assert response.json() == {"detail": "the status database is unavailable"}
