"""The chaos suite's comparison of a run with the clean run."""

from __future__ import annotations

from dataclasses import replace

from chaos.compare import RunState, against_clean, foreign_input, group_payloads, self_checks
from harness.observe import FinalState


def _run(**changes: object) -> RunState:
    final = FinalState(
        pictures={"p": "d1", "q": "d2"},
        claim_ids=frozenset({"c1", "c2"}),
        topic_versions={"p": 2, "q": 1},
        table_versions={"p": 2, "q": 1},
        topic_digests={"p": "d1", "q": "d2"},
    )
    state = RunState(
        final=final,
        pushed=frozenset({"a1", "a2"}),
        article_ids=frozenset({"a1", "a2"}),
        article_records=2,
        claim_payloads=group_payloads([("c1", b"x"), ("c2", b"y"), ("c2", b"y")]),
        status_payloads={("p", 1): frozenset({"s1"}), ("p", 2): frozenset({"s2"})},
        claim_records=3,
        status_records=2,
    )
    return replace(state, **changes)  # type: ignore[arg-type]


def _failed(checks: list) -> list[str]:  # type: ignore[type-arg]
    return [c.name for c in checks if not c.ok]


def test_a_consistent_run_passes() -> None:
    assert not _failed(self_checks(_run()))
    assert not _failed(against_clean(_run(), _run()))


def test_a_redelivered_claim_with_the_same_payload_is_not_a_double() -> None:
    assert not _failed(self_checks(_run()))  # c2 twice, same bytes


def test_doubles_and_losses_fail() -> None:
    doubled = _run(claim_payloads=group_payloads([("c1", b"x"), ("c1", b"z")]))
    assert _failed(self_checks(doubled)) == ["no claim id with two payloads"]
    lost = _run(article_ids=frozenset({"a1"}))
    assert "no article lost" in _failed(self_checks(lost))
    two_contents = _run(status_payloads={("p", 2): frozenset({"s2", "s3"})})
    assert _failed(self_checks(two_contents)) == ["no status version with two contents"]


def test_a_different_picture_fails_but_a_different_version_does_not() -> None:
    clean = _run()
    other_versions = replace(
        clean.final, topic_versions={"p": 5, "q": 1}, table_versions={"p": 5, "q": 1}
    )
    assert not _failed(against_clean(_run(final=other_versions), clean))
    other_picture = replace(clean.final, pictures={"p": "dX", "q": "d2"})
    assert "same picture digest for every player" in _failed(
        against_clean(_run(final=other_picture), clean)
    )


def test_topic_behind_the_table_fails() -> None:
    behind = replace(_run().final, topic_versions={"p": 1, "q": 1})
    assert _failed(self_checks(_run(final=behind))) == [
        "last status version on the topic = version in Postgres"
    ]


def test_foreign_input_is_left_out_only_when_allowed() -> None:
    final = replace(
        _run().final,
        pictures={"p": "d1", "q": "dZ"},
        claim_ids=frozenset({"c1", "c2", "f1"}),
        topic_digests={"p": "d1", "q": "dZ"},
    )
    fuzzed = _run(final=final, article_ids=frozenset({"a1", "a2", "f"}), foreign_claims={"f1": "q"})
    assert _failed(foreign_input(fuzzed, allowed=False))
    assert not _failed(foreign_input(fuzzed, allowed=True))
    assert not _failed(against_clean(fuzzed, _run()))
