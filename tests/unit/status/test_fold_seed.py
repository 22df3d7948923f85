"""The timeline check of status.md on the seed article (2025-01-01, TEAMtalk)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fold_support import SEED_FIXTURE, dump, picture, seed_claims, suitor

from services.status.fold import fold
from shared import ids
from shared.events import Claim

SEED_ARTICLE = Path("/work/shared/corpus/dev/seed-2025-01-01-liverpool-contracts.json")


def of(player_id: str) -> list[Claim]:
    return [c for c in seed_claims() if c.player_id == player_id]


def test_alexander_arnold_expiring_with_real_madrid_leading() -> None:
    content = picture(of("trent-alexander-arnold"))
    assert content.current_club == "Liverpool"
    assert content.contract is not None
    assert content.contract.club == "Liverpool"
    assert content.contract.expiry == "2025-06-30"
    # "a club source says they ... will hold more talks over a new deal": planned talks
    assert content.contract.state in ("expiring", "talks")
    lead = content.suitors[0]
    assert lead.club == "Real Madrid"
    # the approach Liverpool dismissed is a fact; "pre-contract expected" an expectation
    assert lead.stage == "bid_rejected"
    assert 0.0 < lead.probability < 0.9
    assert content.stance == "wants_exit"
    assert content.outlook.verdict in ("uncertain", "leave")
    assert content.outlook.destination == "Real Madrid"


def test_van_dijk_expiring_with_an_agreement_near_stays() -> None:
    content = picture(of("virgil-van-dijk"))
    assert content.contract is not None
    assert content.contract.state == "agreement_near"
    assert content.contract.expiry == "2025-06-30"
    assert content.contract.club == "Liverpool"
    offer = next(c for c in of("virgil-van-dijk") if c.kind == "contract_offer")
    assert offer.id in content.contract.claims
    assert content.outlook.verdict == "stay"
    assert content.outlook.destination == "Liverpool"


def test_salah_expiring_with_unnamed_interest() -> None:
    content = picture(of("mohamed-salah"))
    assert content.contract is not None
    assert content.contract.state == "expiring"
    assert content.contract.expiry == "2025-06-30"
    unnamed = suitor(content, None)
    assert unnamed.stage == "interest"
    assert [s.club for s in content.suitors] == [None]
    assert content.outlook.verdict != "stay"


def test_bellingham_has_no_picture() -> None:
    assert fold(of("jude-bellingham")) is None


def test_every_claim_of_the_seed_is_evidence_somewhere() -> None:
    for player_id in ("trent-alexander-arnold", "virgil-van-dijk", "mohamed-salah"):
        content = picture(of(player_id))
        named = {
            *content.current_club_claims,
            *content.stance_claims,
            *content.outlook.claims,
            *(content.contract.claims if content.contract else ()),
            *(i for s in content.suitors for i in s.claims),
        }
        assert named == {c.id for c in of(player_id)}


def test_the_seed_picture_does_not_depend_on_arrival_order() -> None:
    claims = of("trent-alexander-arnold")
    assert dump(fold(claims)) == dump(fold(reversed(claims)))


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="shared corpus not mounted")
def test_the_fixture_is_the_seed_gold() -> None:
    seed = json.loads(SEED_ARTICLE.read_text("utf-8"))
    text, fixture = seed["text"], json.loads(SEED_FIXTURE.read_text("utf-8"))
    article = ids.article_id(url=seed["url"], text=text)
    assert len(fixture) == len(seed["claims"])
    for n, (gold, stored) in enumerate(zip(seed["claims"], fixture, strict=True)):
        claim = Claim.model_validate(stored)
        assert claim.id == ids.claim_id(
            article_id=article,
            kind=gold["kind"],
            player=gold["player"],
            club=gold["club"],
            polarity=gold["polarity"],
        )
        for field in ("player", "kind", "club", "polarity", "certainty", "source", "timeframe"):
            assert getattr(claim, field) == gold[field]
        assert text[claim.evidence.start : claim.evidence.end] == gold["evidence"]
        assert claim.published == datetime(2025, 1, 1, tzinfo=UTC)
        assert (claim.outlet, claim.position) == ("TEAMtalk", n)
