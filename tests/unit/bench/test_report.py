"""Percentiles, rates, ratios to ceilings and latencies from timestamps."""

from __future__ import annotations

import math

import pytest

from bench.report import ceiling_ratios
from bench.stats import (
    ClaimSeen,
    article_latencies,
    cited_latencies,
    percentile,
    ratio,
    rounded,
    span_rate,
    summary,
    visible_version,
)


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 100.0


def test_percentile_ignores_input_order_and_handles_edge_cases() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_summary() -> None:
    figures = summary([0.1, 0.2, 0.3, 0.4])
    assert figures["count"] == 4
    assert figures["p50"] == pytest.approx(0.25)
    assert figures["mean"] == pytest.approx(0.25)
    assert figures["max"] == pytest.approx(0.4)


def test_rates_and_ratios() -> None:
    assert span_rate([10.0, 11.0, 12.0]) == pytest.approx(1.0)
    assert math.isnan(span_rate([10.0]))
    assert ratio(50.0, 200.0) == pytest.approx(0.25)
    assert math.isnan(ratio(50.0, 0.0))
    assert math.isnan(ratio(math.nan, 10.0))


def test_rounded_makes_json_friendly_values() -> None:
    assert rounded({"a": [1.23456, math.nan], "b": math.inf}) == {"a": [1.235, None], "b": None}


def test_ceiling_ratios() -> None:
    results = {
        "ceilings": {
            "kafka": {"produce_per_s": 1000.0, "consume_per_s": 5000.0},
            "engine": {"articles_per_s": 100.0, "claims_per_article": 10.0},
            "postgres": {"rows_per_s": 4000.0},
        },
        "staged": {
            "ingest": {"articles_per_s": 500.0},
            "extract": {"articles_per_s": 90.0},
            "status": {"claims_per_s": 800.0},
        },
        "saturation": {"end_to_end": {"articles_per_s": 40.0}},
    }
    out = ceiling_ratios(results)
    assert out["ingest_vs_kafka_produce"] == pytest.approx(0.5)
    assert out["extract_vs_engine"] == pytest.approx(0.9)
    assert out["status_vs_postgres"] == pytest.approx(0.2)
    # Slowest ceiling in articles/s: min(1000, 5000, 100, 4000 / 10) = 100.
    assert out["slowest_ceiling_articles_per_s"] == pytest.approx(100.0)
    assert out["end_to_end_vs_slowest_ceiling"] == pytest.approx(0.4)


def test_visible_version_is_the_same_transaction_or_the_next() -> None:
    history = [(1, 10.0), (2, 20.0), (3, 30.0)]
    assert visible_version(history, 20.0) == 2
    assert visible_version(history, 25.0) == 3
    assert visible_version(history, 31.0) is None


def test_article_latency_is_ack_to_first_event_folded_with_its_claim() -> None:
    acked = {"a1": 100.0, "a2": 100.5}
    claims = [
        ClaimSeen("c1", "a1", "p", stored_at=101.0),
        ClaimSeen("c2", "a1", "q", stored_at=101.0),
        ClaimSeen("c3", "a2", "p", stored_at=102.0),  # no change of p's picture then
    ]
    history = {"p": [(1, 101.0), (2, 103.0)], "q": [(1, 101.0)]}
    arrivals = [("p", 1, 101.4), ("q", 1, 101.2), ("p", 2, 103.3), ("p", 1, 101.9)]
    latencies = article_latencies(acked, claims, history, arrivals)
    assert latencies["a1"] == pytest.approx(1.2)  # q's event came first
    assert latencies["a2"] == pytest.approx(2.8)  # seen with p's version 2


def test_an_event_with_a_later_version_counts_when_one_was_skipped() -> None:
    # The subscriber may see version 3 before (or instead of) version 2.
    claims = [ClaimSeen("c1", "a1", "p", stored_at=5.0)]
    history = {"p": [(1, 1.0), (2, 5.0), (3, 6.0)]}
    arrivals = [("p", 3, 7.0), ("p", 2, 8.0)]
    assert article_latencies({"a1": 4.0}, claims, history, arrivals) == {"a1": 3.0}


def test_cited_latency_counts_only_cited_claims() -> None:
    acked = {"a1": 10.0, "a2": 10.0}
    events = [(11.0, frozenset({"x"})), (12.0, frozenset({"c1"})), (13.0, frozenset({"c1"}))]
    assert cited_latencies(acked, {"c1": "a1", "c2": "a2"}, events) == {"a1": 2.0}
