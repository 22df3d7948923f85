"""Rule 5 for the contract, the current club, and what settles a saga."""

from __future__ import annotations

from typing import Any

from fold_support import claim, picture, probability, suitor

from services.status.fold import PictureContent
from shared.events import Claim


def contract_of(*claims_: Claim) -> PictureContent:
    return picture(claims_)


def state(*claims_: Claim) -> str:
    content = contract_of(*claims_)
    assert content.contract is not None
    return content.contract.state


def c(kind: str, club: str = "Liverpool", **kw: Any) -> Claim:
    return claim(f"contract_{kind}", club, **kw)


# --- state --------------------------------------------------------------------------------


def test_states_follow_the_order_of_progress() -> None:
    order = ("expiring", "talks", "offer", "offer_rejected", "agreement_near", "extended")
    for n, reached in enumerate(order):
        history = [c(kind, day=d) for d, kind in enumerate(order[: n + 1])]
        assert state(*history) == reached
        assert state(*reversed(history)) == reached  # event time, not list order


def test_late_news_of_an_earlier_step_does_not_go_back() -> None:
    assert state(c("offer"), c("talks", day=1)) == "offer"


def test_stalled_when_the_latest_talks_claim_is_a_stall() -> None:
    assert state(c("offer"), c("talks_stalled", day=1)) == "stalled"
    assert state(c("offer"), c("talks_stalled", day=1), c("talks", day=2)) == "offer"


def test_stalled_when_the_latest_talks_claim_denies_an_agreement() -> None:
    no_breakthrough = c("agreement_near", polarity="denied", day=1)
    assert state(c("talks"), no_breakthrough) == "stalled"


def test_an_expected_stall_does_not_stall() -> None:
    assert state(c("offer"), c("talks_stalled", certainty="speculative", day=1)) == "offer"


def test_an_expected_extension_is_an_agreement_near_at_most() -> None:
    assert state(c("expiring"), c("extended", certainty="speculative")) == "agreement_near"
    assert state(c("expiring"), c("offer", certainty="speculative")) == "talks"
    assert state(c("extended", certainty="rumoured", source="sources")) == "extended"


def test_a_denial_does_not_advance() -> None:
    assert state(c("expiring"), c("extended", polarity="denied", day=1)) == "expiring"


def test_expiry_comes_from_the_expiring_claim_and_the_new_deal() -> None:
    content = contract_of(c("expiring", timeframe="2025-06-30"))
    assert content.contract is not None and content.contract.expiry == "2025-06-30"
    content = contract_of(c("expiring", details={"contract_until": "2026"}, timeframe="x"))
    assert content.contract is not None and content.contract.expiry == "2026"
    content = contract_of(
        c("expiring", timeframe="2025-06-30"),
        c("extended", certainty="confirmed", details={"contract_until": "2027"}, day=1),
    )
    assert content.contract is not None and content.contract.expiry == "2027"


def test_a_new_expiry_after_an_extension_starts_a_new_cycle() -> None:
    content = contract_of(
        c("extended", certainty="confirmed"),
        c("expiring", timeframe="2027-06-30", day=400),
    )
    assert content.contract is not None
    assert content.contract.state == "expiring"
    assert len(content.contract.claims) == 1


def test_contract_confidence_is_evidence_weighted() -> None:
    def confidence(*claims_: Claim) -> float:
        content = contract_of(*claims_)
        assert content.contract is not None
        return content.contract.confidence

    rumour = c("agreement_near", certainty="rumoured", source="sources")
    second_outlet = c("agreement_near", certainty="rumoured", outlet="BBC Sport", day=1)
    repeat = c("agreement_near", certainty="rumoured", day=1)
    assert confidence(rumour) < confidence(rumour, repeat) < confidence(rumour, second_outlet)
    denial = c("agreement_near", polarity="denied", certainty="rumoured", outlet="Sky", day=0.5)
    assert state(rumour, denial, second_outlet) == "agreement_near"
    assert confidence(rumour, denial, second_outlet) < confidence(rumour, second_outlet)


def test_contract_names_its_club_and_claims() -> None:
    claims_ = [c("talks", day=1), c("expiring")]
    content = contract_of(*claims_)
    assert content.contract is not None
    assert content.contract.club == "Liverpool"
    assert content.contract.claims == (claims_[1].id, claims_[0].id)


def test_no_contract_claim_no_contract() -> None:
    assert picture([claim("transfer_interest")]).contract is None


# --- current club -------------------------------------------------------------------------


def test_current_club_comes_from_contract_claims() -> None:
    expiring = c("expiring")
    content = contract_of(expiring, claim("transfer_interest"))
    assert content.current_club == "Liverpool"
    assert content.current_club_claims == (expiring.id,)


def test_an_expected_or_denied_move_does_not_move_him() -> None:
    for move in (
        claim("transfer_completed", certainty="speculative", day=1),
        claim("transfer_completed", polarity="denied", day=1),
    ):
        assert contract_of(c("expiring"), move).current_club == "Liverpool"


# --- settling -----------------------------------------------------------------------------


def settled_move_history() -> list[Claim]:
    return [
        c("expiring"),
        claim("transfer_interest", "Chelsea", outlet="BBC Sport"),
        claim("transfer_fee_agreed", "Chelsea", outlet="Sky Sports"),
        claim("transfer_approach", "Real Madrid", day=1),
        claim("transfer_completed", "Real Madrid", certainty="confirmed", day=2),
    ]


def test_a_completed_move_settles_it() -> None:
    history = settled_move_history()
    content = picture(history)
    madrid, chelsea = suitor(content, "Real Madrid"), suitor(content, "Chelsea")
    assert madrid.stage == "completed"
    assert madrid.probability >= 0.95
    assert chelsea.probability <= 0.05
    assert chelsea.probability < probability(history[:-1], "Chelsea")
    assert content.current_club == "Real Madrid"
    assert content.current_club_claims == (history[-1].id,)
    assert content.contract is None  # the Liverpool deal is over
    assert content.outlook.verdict == "leave"
    assert content.outlook.destination == "Real Madrid"
    assert history[-1].id in content.outlook.claims


def test_a_rumoured_move_moves_him_but_settles_nothing() -> None:
    history = [*settled_move_history()[:-1]]
    history.append(claim("transfer_completed", "Real Madrid", certainty="rumoured", day=2))
    content = picture(history)
    assert content.current_club == "Real Madrid"
    assert suitor(content, "Real Madrid").probability < 0.95
    assert suitor(content, "Chelsea").probability > 0.05


def test_a_collapse_undoes_a_move() -> None:
    history = [
        *settled_move_history(),
        claim("transfer_collapsed", "Real Madrid", certainty="confirmed", day=3),
    ]
    content = picture(history)
    assert content.current_club == "Liverpool"
    assert suitor(content, "Real Madrid").stage == "collapsed"
    assert suitor(content, "Chelsea").probability > 0.05


def test_news_after_a_move_is_about_the_new_club() -> None:
    history = [
        *settled_move_history(),
        c("expiring", "Real Madrid", day=300),
        claim("transfer_interest", "Chelsea", day=301),
    ]
    content = picture(history)
    assert content.current_club == "Real Madrid"
    assert content.contract is not None and content.contract.club == "Real Madrid"
    assert suitor(content, "Chelsea").probability > 0.05


def test_a_move_to_an_unnamed_club_leaves_no_current_club() -> None:
    departed = claim("transfer_completed", None, day=1)
    content = picture([c("expiring"), departed])
    assert content.current_club is None
    assert content.current_club_claims == (departed.id,)
    assert content.outlook.verdict == "leave"


def test_a_confirmed_extension_settles_it_the_other_way() -> None:
    rumours = [
        c("expiring"),
        claim("transfer_fee_agreed", "Real Madrid", certainty="rumoured", source="sources"),
        claim("transfer_interest", None, outlet="BBC Sport"),
        claim("player_wants_exit", None, outlet="Sky Sports"),
    ]
    extension = c("extended", certainty="confirmed", day=1)
    before, after = picture(rumours), picture([*rumours, extension])
    assert after.contract is not None and after.contract.state == "extended"
    assert after.contract.confidence >= 0.9
    for club in ("Real Madrid", None):
        assert suitor(after, club).probability < suitor(before, club).probability / 5
    assert before.outlook.verdict != "stay"
    assert after.outlook.verdict == "stay"
    assert after.outlook.destination == "Liverpool"
    assert after.outlook.probability >= 0.9


def test_suitors_after_an_extension_count_again() -> None:
    history = [
        c("extended", certainty="confirmed"),
        claim("transfer_fee_agreed", "Real Madrid", day=10),
    ]
    assert suitor(picture(history), "Real Madrid").probability > 0.3
