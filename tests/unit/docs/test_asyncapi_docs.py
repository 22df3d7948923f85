"""The AsyncAPI documents in docs/asyncapi/ are what FastStream generates from the code."""

from __future__ import annotations

import pytest
import yaml

from scripts.asyncapi import DOCS, SERVICES, document


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_committed_document_matches_the_code(service: str) -> None:
    committed = DOCS / f"{service}.yaml"
    assert committed.exists(), "run `make docs`"

    assert committed.read_text() == document(service), "docs are stale: run `make docs`"


@pytest.mark.parametrize(
    ("service", "reads", "writes"),
    [
        (
            "ingest",
            "touchline.articles.inbox",
            {"touchline.articles", "touchline.articles.inbox.dlq"},
        ),
        ("extract", "touchline.articles", {"touchline.claims", "touchline.articles.dlq"}),
        ("status", "touchline.claims", {"touchline.status", "touchline.claims.dlq"}),
    ],
)
def test_each_service_documents_what_it_reads_and_writes(
    service: str, reads: str, writes: set[str]
) -> None:
    spec = yaml.safe_load(document(service))
    addresses = {channel["address"] for channel in spec["channels"].values()}
    assert {reads, *writes} <= addresses
