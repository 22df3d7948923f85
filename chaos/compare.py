"""What a run ended with, and how it compares with the clean run: pure functions over what
harness.observe and the topics gave, so the comparison itself is plain to read and test.

Versions are not compared between runs: a player's version counts the changes of his
picture, and how claims were batched (which differs after a crash or a restart) decides
how many intermediate pictures there were. What must hold in every run: for each player
the last version on the status topic is the one in that run's Postgres and its picture is
the clean run's picture.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from harness.observe import FinalState


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class RunState:
    """Everything compared, for one run."""

    final: FinalState
    pushed: frozenset[str]  # article ids the pusher had acknowledged
    article_ids: frozenset[str]  # distinct article ids on the articles topic
    article_records: int
    claim_payloads: Mapping[str, frozenset[str]]  # claim id -> digests of its payloads
    status_payloads: Mapping[tuple[str, int], frozenset[str]]  # (player, version) -> digests
    claim_records: int
    status_records: int
    # Claims of articles the run did not push (the fuzzer's accepted articles): id -> player.
    foreign_claims: Mapping[str, str] = field(default_factory=dict)

    @property
    def foreign_articles(self) -> frozenset[str]:
        return self.article_ids - self.pushed

    def without_foreign(self) -> RunState:
        """The run as if only its own input had come in: foreign articles, their claims and
        the players those claims touched are left out (reported, never silently)."""
        touched = set(self.foreign_claims.values())
        final = self.final
        kept = FinalState(
            pictures={p: d for p, d in final.pictures.items() if p not in touched},
            claim_ids=final.claim_ids - self.foreign_claims.keys(),
            topic_versions={p: v for p, v in final.topic_versions.items() if p not in touched},
            table_versions={p: v for p, v in final.table_versions.items() if p not in touched},
            topic_digests={p: d for p, d in final.topic_digests.items() if p not in touched},
        )
        return replace(self, final=kept, article_ids=self.article_ids & self.pushed)


def payload_digest(value: bytes) -> str:
    return hashlib.sha256(value).hexdigest()[:16]


def group_payloads(pairs: Iterable[tuple[str, bytes]]) -> dict[str, frozenset[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for key, value in pairs:
        grouped[key].add(payload_digest(value))
    return {k: frozenset(v) for k, v in grouped.items()}


def _sample(items: Iterable[str], n: int = 5) -> str:
    listed = sorted(items)
    more = f" (+{len(listed) - n} more)" if len(listed) > n else ""
    return ", ".join(listed[:n]) + more


def self_checks(run: RunState) -> list[Check]:
    """What must hold in any run, clean or not."""
    checks: list[Check] = []
    lost = run.pushed - run.article_ids
    checks.append(
        Check(
            "no article lost",
            not lost,
            f"{len(run.article_ids)} distinct article ids on the articles topic for "
            f"{len(run.pushed)} pushed ({run.article_records} records)"
            + (f"; missing: {_sample(lost)}" if lost else ""),
        )
    )
    doubled_claims = {k for k, v in run.claim_payloads.items() if len(v) > 1}
    checks.append(
        Check(
            "no claim id with two payloads",
            not doubled_claims,
            f"{len(run.claim_payloads)} claim ids in {run.claim_records} claim records"
            + (f"; differing: {_sample(doubled_claims)}" if doubled_claims else ""),
        )
    )
    doubled_status = {f"{p}@{v}" for (p, v), d in run.status_payloads.items() if len(d) > 1}
    checks.append(
        Check(
            "no status version with two contents",
            not doubled_status,
            f"{len(run.status_payloads)} (player, version) pairs in {run.status_records} "
            "status records"
            + (f"; differing: {_sample(doubled_status)}" if doubled_status else ""),
        )
    )
    final = run.final
    behind = {p for p, v in final.table_versions.items() if final.topic_versions.get(p) != v} | (
        set(final.topic_versions) - set(final.table_versions)
    )
    checks.append(
        Check(
            "last status version on the topic = version in Postgres",
            not behind,
            f"{len(final.table_versions)} players"
            + (
                "; differing: "
                + _sample(
                    f"{p} topic {final.topic_versions.get(p)} table {final.table_versions.get(p)}"
                    for p in behind
                )
                if behind
                else ""
            ),
        )
    )
    stale = {p for p, d in final.topic_digests.items() if final.pictures.get(p) != d}
    checks.append(
        Check(
            "last picture on the topic = picture in Postgres",
            not stale,
            f"{len(final.topic_digests)} players on the topic"
            + (f"; differing: {_sample(stale)}" if stale else ""),
        )
    )
    return checks


def foreign_input(run: RunState, *, allowed: bool) -> list[Check]:
    """Articles that came in from outside the run's input. Only the fuzzer may add some
    (it pushes whatever the schema allows); then they, their claims and the players those
    touch are left out of the comparison, and said so."""
    foreign = run.foreign_articles
    touched = sorted(set(run.foreign_claims.values()))
    detail = (
        f"{len(foreign)} articles not in the run's input, {len(run.foreign_claims)} claims"
        f" from them touching {len(touched)} players"
        + (f" ({_sample(touched)}), left out of the comparison" if touched else "")
    )
    return [
        Check(
            "only the run's own input" + (" (or the fuzzer's)" if allowed else ""),
            allowed or not foreign,
            detail,
        )
    ]


def against_clean(run: RunState, clean: RunState) -> list[Check]:
    """The run's final state against the clean run's, on the same input."""
    checks: list[Check] = []
    touched = set(run.foreign_claims.values())
    if touched:
        run = run.without_foreign()
        clean = replace(clean, foreign_claims=run.foreign_claims).without_foreign()
    missing = clean.article_ids - run.article_ids
    extra = run.article_ids - clean.article_ids
    checks.append(
        Check(
            "same articles as the clean run",
            not missing and not extra,
            f"{len(run.article_ids)} vs {len(clean.article_ids)}"
            + (f"; missing {_sample(missing)}" if missing else "")
            + (f"; extra {_sample(extra)}" if extra else ""),
        )
    )
    missing_claims = clean.final.claim_ids - run.final.claim_ids
    extra_claims = run.final.claim_ids - clean.final.claim_ids
    checks.append(
        Check(
            "same claim ids as the clean run",
            not missing_claims and not extra_claims,
            f"{len(run.final.claim_ids)} vs {len(clean.final.claim_ids)}"
            + (f"; missing {_sample(missing_claims)}" if missing_claims else "")
            + (f"; extra {_sample(extra_claims)}" if extra_claims else ""),
        )
    )
    ours, theirs = run.final.pictures, clean.final.pictures
    differing = {p for p in ours.keys() | theirs.keys() if ours.get(p) != theirs.get(p)}
    checks.append(
        Check(
            "same picture digest for every player",
            not differing,
            f"{len(ours)} players vs {len(theirs)}; overall digest "
            f"{run.final.digest[:12]} vs {clean.final.digest[:12]}"
            + (f"; differing: {_sample(differing)}" if differing else ""),
        )
    )
    off_topic = {p for p, d in theirs.items() if run.final.topic_digests.get(p) != d}
    checks.append(
        Check(
            "last picture on the status topic = clean picture, for every player",
            not off_topic,
            f"{len(run.final.topic_digests)} players on the topic"
            + (f"; differing: {_sample(off_topic)}" if off_topic else ""),
        )
    )
    return checks
