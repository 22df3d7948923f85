"""The stance and the outlook: stay, leave or uncertain, with destination and probability."""

from __future__ import annotations

from fold_support import claim, picture

from shared.events import Claim


def leave_p(content_claims: list[Claim]) -> float:
    """P(leave) as the outlook reports it, whatever the verdict."""
    outlook = picture(content_claims).outlook
    if outlook.verdict == "stay":
        return 1.0 - outlook.probability
    return outlook.probability


# --- stance -----------------------------------------------------------------------------


def test_the_latest_stance_claim_decides() -> None:
    exit_ = claim("player_wants_exit", None)
    stay = claim("player_wants_stay", "Liverpool", day=1)
    content = picture([stay, exit_])
    assert content.stance == "wants_stay"
    assert content.stance_claims == (stay.id,)
    assert picture([exit_, claim("player_wants_exit", None, day=2)]).stance == "wants_exit"


def test_a_denied_exit_is_no_wish_to_stay_but_lowers_leave() -> None:
    base = [claim("contract_expiring", "Liverpool"), claim("transfer_interest", None)]
    denied = claim("player_wants_exit", None, polarity="denied", day=1)
    content = picture([*base, denied])
    assert content.stance is None
    assert content.stance_claims == (denied.id,)
    assert leave_p([*base, denied]) < leave_p(base)


def test_stance_moves_the_outlook() -> None:
    base = [claim("contract_expiring", "Liverpool"), claim("transfer_interest", None)]
    wants_out = claim("player_wants_exit", None, day=1)
    wants_in = claim("player_wants_stay", "Liverpool", day=1)
    denies_stay = claim("player_wants_stay", "Liverpool", polarity="denied", day=1)
    assert leave_p([*base, wants_in]) < leave_p(base) < leave_p([*base, wants_out])
    assert leave_p(base) < leave_p([*base, denies_stay])


# --- outlook ----------------------------------------------------------------------------


def test_strong_independent_evidence_of_a_move_is_leave() -> None:
    claims = [
        claim("contract_expiring", "Liverpool"),
        claim("transfer_fee_agreed", outlet="BBC Sport"),
        claim("transfer_terms_agreed", outlet="Sky Sports"),
        claim("transfer_medical", source="Fabrizio Romano", certainty="rumoured"),
    ]
    outlook = picture(claims).outlook
    assert outlook.verdict == "leave"
    assert outlook.destination == "Real Madrid"
    assert outlook.probability >= 0.6


def test_renewal_progress_is_stay_with_the_current_club() -> None:
    claims = [
        claim("contract_expiring", "Liverpool"),
        claim("contract_agreement_near", "Liverpool", outlet="BBC Sport"),
        claim("contract_agreement_near", "Liverpool", outlet="Sky Sports"),
    ]
    outlook = picture(claims).outlook
    assert outlook.verdict == "stay"
    assert outlook.destination == "Liverpool"
    assert outlook.probability >= 0.6


def test_more_suitor_evidence_raises_leave_and_renewal_lowers_it() -> None:
    base = [claim("contract_expiring", "Liverpool"), claim("transfer_interest")]
    approach = claim("transfer_approach", outlet="BBC Sport", day=1)
    offer = claim("contract_offer", "Liverpool", outlet="Sky Sports", day=1)
    near = claim("contract_agreement_near", "Liverpool", outlet="Sky Sports", day=1)
    assert leave_p(base) < leave_p([*base, approach])
    assert leave_p([*base, near]) < leave_p([*base, offer])
    assert leave_p([*base, near]) < leave_p(base)


def test_unnamed_interest_counts_toward_leave_without_a_destination() -> None:
    base = [claim("contract_agreement_near", "Liverpool")]
    unnamed = claim("transfer_approach", None, outlet="BBC Sport", day=1)
    assert leave_p(base) < leave_p([*base, unnamed])
    expiring = [claim("contract_expiring", "Liverpool"), unnamed]
    outlook = picture(expiring).outlook
    assert outlook.verdict != "stay"
    assert outlook.destination is None


def test_destination_probability_is_the_leads_share_of_leave() -> None:
    claims = [
        claim("contract_expiring", "Liverpool"),
        claim("transfer_fee_agreed", "Chelsea", outlet="BBC Sport"),
        claim("transfer_fee_agreed", "Real Madrid", outlet="Sky Sports"),
        claim("transfer_terms_agreed", "Real Madrid", outlet="Sky Sports", day=1),
    ]
    content = picture(claims)
    assert content.outlook.destination == "Real Madrid"
    share = content.suitors[0].probability / sum(s.probability for s in content.suitors)
    assert content.outlook.probability < share


def test_outlook_names_its_claims_in_event_order() -> None:
    claims = [
        claim("player_wants_exit", None, day=2),
        claim("transfer_approach", day=1),
        claim("contract_expiring", "Liverpool", day=0),
    ]
    outlook = picture(claims).outlook
    assert outlook.claims == (claims[2].id, claims[1].id, claims[0].id)
