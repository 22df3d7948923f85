"""Topic names, partitions, keys and retention: the one place that says them.

articles.inbox  external producers' raw articles              key: anything
articles        validated articles                             key: article id
claims          one event per claim                            key: player id
status          each player's latest picture (compacted)       key: player id
<topic>.dlq     what a consumer of <topic> could not process   key: the original key
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.settings import Settings


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    replication: int
    compacted: bool = False

    @property
    def config(self) -> dict[str, str]:
        if self.compacted:
            # Compaction keeps the newest picture per player for ever; a short dirty ratio
            # keeps a restored subscriber from replaying long-superseded versions.
            return {"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.1"}
        return {}


@dataclass(frozen=True, slots=True)
class Topics:
    inbox: str
    articles: str
    claims: str
    status: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Topics:
        p = settings.topic_prefix
        return cls(
            inbox=f"{p}articles.inbox",
            articles=f"{p}articles",
            claims=f"{p}claims",
            status=f"{p}status",
        )

    @staticmethod
    def dlq(topic: str) -> str:
        return f"{topic}.dlq"

    def specs(self, settings: Settings) -> list[TopicSpec]:
        n, r = settings.topic_partitions, settings.topic_replication
        main = [
            TopicSpec(self.inbox, n, r),
            TopicSpec(self.articles, n, r),
            TopicSpec(self.claims, n, r),
            TopicSpec(self.status, n, r, compacted=True),
        ]
        # Every input topic has its dead-letter topic beside it.
        dlqs = [TopicSpec(self.dlq(t), 1, r) for t in (self.inbox, self.articles, self.claims)]
        return main + dlqs
