"""Event contracts carried on the topics: an article, a claim, a player status.

Each event carries `schema_version`; a consumer rejects (dead-letters) a version it does
not know rather than guessing. Models are frozen: events are facts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from shared.vocabulary import (
    Certainty,
    ClaimKind,
    ContractState,
    DealType,
    Outlook,
    Polarity,
    SuitorStage,
)

ARTICLE_SCHEMA_VERSION: Literal[1] = 1
CLAIM_SCHEMA_VERSION: Literal[1] = 1
STATUS_SCHEMA_VERSION: Literal[1] = 1


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(_Event):
    """A validated, normalised article as published on the articles topic."""

    schema_version: Literal[1] = ARTICLE_SCHEMA_VERSION
    id: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: AwareDatetime
    # True when the input had no publication time and ingest used its own clock.
    published_inferred: bool = False
    language: str | None = None
    text: Annotated[str, Field(min_length=1)]
    ingested_at: AwareDatetime
    # Where the article came in: "http", "inbox", "cli", "feed:<url>".
    via: str | None = None


class Fee(_Event):
    amount: float
    currency: str
    add_ons: float | None = None
    # The fee as the article wrote it ("€100m plus up to €20m add-ons").
    text: str | None = None


class ClaimDetails(_Event):
    fee: Fee | None = None
    contract_until: str | None = None
    deal_type: DealType | None = None
    wage: str | None = None
    # A release clause, option or obligation to buy, sell-on: details of the claim, as written.
    clause: str | None = None


class Evidence(_Event):
    """The sentence (or shortest span) stating the claim, verbatim, with offsets into the
    article text: `article.text[start:end] == text`."""

    text: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Evidence:
        if self.end < self.start:
            raise ValueError("evidence end precedes start")
        return self


class Claim(_Event):
    """One statement an article makes about one player's contract or transfer situation."""

    schema_version: Literal[1] = CLAIM_SCHEMA_VERSION
    id: str
    article_id: str
    player: str
    player_id: str
    kind: ClaimKind
    club: str | None = None
    polarity: Polarity = "affirmed"
    certainty: Certainty = "reported"
    source: str | None = None
    timeframe: str | None = None
    details: ClaimDetails = ClaimDetails()
    evidence: Evidence
    # Event time: the article's publication time, so the fold orders by when it was said.
    published: AwareDatetime
    outlet: str | None = None
    url: str | None = None
    # Position of the claim within its article: the last tie-break of the fold's order.
    position: Annotated[int, Field(ge=0)] = 0
    extractor: str = "rules"


class ContractPicture(_Event):
    state: ContractState
    club: str | None = None
    expiry: str | None = None
    confidence: Annotated[float, Field(ge=0.0, le=1.0)]
    claims: tuple[str, ...] = ()


class SuitorPicture(_Event):
    club: str | None
    stage: SuitorStage
    probability: Annotated[float, Field(ge=0.0, le=1.0)]
    sources: tuple[str, ...] = ()
    first_seen: AwareDatetime
    last_seen: AwareDatetime
    claims: tuple[str, ...] = ()


class OutlookPicture(_Event):
    verdict: Outlook
    destination: str | None = None
    probability: Annotated[float, Field(ge=0.0, le=1.0)]
    claims: tuple[str, ...] = ()


class PlayerPicture(_Event):
    """Where a player stands: the fields PlayerStatus shares with the fold's versionless
    picture (services.status.fold.PictureContent). Each adds `as_of` and `claim_count`
    itself, PlayerStatus after its `version`, so that its JSON keeps its field order."""

    schema_version: Literal[1] = STATUS_SCHEMA_VERSION
    player_id: str
    player: str
    current_club: str | None = None
    current_club_claims: tuple[str, ...] = ()
    contract: ContractPicture | None = None
    suitors: tuple[SuitorPicture, ...] = ()
    outlook: OutlookPicture
    # Stance of the player himself, when claimed: "wants_exit", "wants_stay" or None.
    stance: str | None = None
    stance_claims: tuple[str, ...] = ()


class PlayerStatus(PlayerPicture):
    """A player's whole current picture; one event per change, keyed by player id."""

    version: Annotated[int, Field(ge=1)]
    as_of: datetime
    claim_count: Annotated[int, Field(ge=0)] = 0


class DeadLetter(_Event):
    """What goes to `<topic>.dlq`: the reason and where it came from; the original bytes
    travel as the Kafka message value's `original` field, base64 in JSON."""

    topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    reason: str
    error_type: str
    original: str
    original_encoding: Literal["utf-8", "base64"]
    failed_at: AwareDatetime
    service: str
