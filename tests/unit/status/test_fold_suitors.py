"""Rule 5 for suitors: stages, and probabilities weighted by evidence.

Probabilities are compared with each other, never with magic numbers: the test states
which evidence must count more, the model (docs/probability-model.md) says how much.
"""

from __future__ import annotations

from fold_support import claim, picture, probability, suitor

from shared.events import Claim

# --- stage ----------------------------------------------------------------------------


def test_stage_is_the_most_advanced_fact_reached() -> None:
    claims = [
        claim("transfer_interest", day=0),
        claim("transfer_fee_agreed", day=1),
        claim("transfer_approach", day=2),  # late news of an earlier step does not go back
    ]
    assert suitor(picture(claims), "Real Madrid").stage == "fee_agreed"


def test_bid_rejected_is_a_stage_after_approach() -> None:
    claims = [claim("transfer_approach"), claim("transfer_bid_rejected", day=1)]
    assert suitor(picture(claims), "Real Madrid").stage == "bid_rejected"


def test_an_expectation_is_no_stage_reached() -> None:
    claims = [
        claim("transfer_approach"),
        claim("transfer_pre_contract", certainty="speculative", day=1),
        claim("transfer_completed", certainty="speculative", day=2),
    ]
    assert suitor(picture(claims), "Real Madrid").stage == "approach"
    only_expected = [claim("transfer_completed", certainty="speculative")]
    assert suitor(picture(only_expected), "Real Madrid").stage == "interest"


def test_rumoured_facts_count_as_stages() -> None:
    claims = [claim("transfer_medical", certainty="rumoured", source="sources")]
    assert suitor(picture(claims), "Real Madrid").stage == "medical"


def test_a_denial_reaches_no_stage() -> None:
    claims = [claim("transfer_interest"), claim("transfer_fee_agreed", polarity="denied", day=1)]
    assert suitor(picture(claims), "Real Madrid").stage == "interest"


def test_a_collapse_ends_the_run_with_a_low_probability() -> None:
    run = [claim("transfer_interest"), claim("transfer_fee_agreed", day=1)]
    collapsed = picture([*run, claim("transfer_collapsed", day=2)])
    madrid = suitor(collapsed, "Real Madrid")
    assert madrid.stage == "collapsed"
    assert madrid.probability < probability(run) / 2
    assert madrid.probability <= 0.15


def test_a_later_fact_revives_a_collapsed_run_from_scratch() -> None:
    claims = [
        claim("transfer_fee_agreed"),
        claim("transfer_collapsed", day=1),
        claim("transfer_approach", day=2),
    ]
    assert suitor(picture(claims), "Real Madrid").stage == "approach"


def test_an_expectation_does_not_revive_a_collapse() -> None:
    claims = [
        claim("transfer_fee_agreed"),
        claim("transfer_collapsed", day=1),
        claim("transfer_completed", certainty="speculative", day=2),
    ]
    assert suitor(picture(claims), "Real Madrid").stage == "collapsed"


def test_a_collapse_said_before_the_run_does_not_end_it() -> None:
    claims = [claim("transfer_collapsed", day=0), claim("transfer_fee_agreed", day=3)]
    assert suitor(picture(claims), "Real Madrid").stage == "fee_agreed"


def test_unnamed_interest_is_a_suitor_with_club_none() -> None:
    content = picture([claim("transfer_interest", None), claim("transfer_interest", "Chelsea")])
    assert {s.club for s in content.suitors} == {None, "Chelsea"}
    assert suitor(content, None).stage == "interest"


def test_the_player_wanting_a_club_makes_it_a_suitor_and_raises_it() -> None:
    base = [claim("transfer_interest")]
    wants = claim("player_wants_exit", day=1, outlet="BBC Sport")
    assert probability([*base, wants]) > probability(base)
    assert wants.id in suitor(picture([*base, wants]), "Real Madrid").claims


def test_clubs_are_one_suitor_whatever_the_case() -> None:
    content = picture(
        [claim("transfer_interest"), claim("transfer_approach", "real madrid", day=1)]
    )
    assert len(content.suitors) == 1


# --- evidence ---------------------------------------------------------------------------


def test_every_suitor_names_its_claims_in_event_order() -> None:
    claims = [claim("transfer_approach", day=2), claim("transfer_interest", day=1)]
    madrid = suitor(picture(claims), "Real Madrid")
    assert madrid.claims == (claims[1].id, claims[0].id)
    assert madrid.first_seen == claims[1].published
    assert madrid.last_seen == claims[0].published
    assert madrid.sources == ("TEAMtalk",)


# --- probability ------------------------------------------------------------------------


def test_independent_outlets_count_more_than_one_outlet_repeating_itself() -> None:
    repeated = [
        claim("transfer_approach", certainty="rumoured", outlet="TEAMtalk", day=0),
        claim("transfer_approach", certainty="rumoured", outlet="TEAMtalk", day=1),
    ]
    independent = [
        claim("transfer_approach", certainty="rumoured", outlet="TEAMtalk", day=0),
        claim("transfer_approach", certainty="rumoured", outlet="BBC Sport", day=1),
    ]
    one = repeated[:1]
    assert probability(one) < probability(repeated) < probability(independent)


def test_distinct_named_sources_are_independent_but_one_journalist_is_one_voice() -> None:
    two_journalists = [
        claim("transfer_approach", certainty="rumoured", source="Fabrizio Romano"),
        claim("transfer_approach", certainty="rumoured", source="David Ornstein", day=1),
    ]
    one_journalist_two_outlets = [
        claim("transfer_approach", certainty="rumoured", source="Fabrizio Romano"),
        claim(
            "transfer_approach",
            certainty="rumoured",
            source="Fabrizio Romano",
            outlet="BBC Sport",
            day=1,
        ),
    ]
    assert probability(one_journalist_two_outlets) < probability(two_journalists)


def test_anonymous_sources_are_the_outlets_own_voice() -> None:
    same_outlet = [
        claim("transfer_approach", certainty="rumoured", source="sources"),
        claim("transfer_approach", certainty="rumoured", source="club source", day=1),
    ]
    two_outlets = [
        claim("transfer_approach", certainty="rumoured", source="sources"),
        claim("transfer_approach", certainty="rumoured", source="sources", outlet="BBC Sport"),
    ]
    assert probability(same_outlet) < probability(two_outlets)


def test_certainty_orders_the_weight() -> None:
    p = {
        certainty: probability([claim("transfer_fee_agreed", certainty=certainty)])
        for certainty in ("speculative", "rumoured", "reported", "confirmed")
    }
    assert p["speculative"] < p["rumoured"] < p["reported"] < p["confirmed"]


def test_stage_orders_the_weight() -> None:
    stages = (
        "interest",
        "approach",
        "fee_agreed",
        "terms_agreed",
        "pre_contract",
        "medical",
        "completed",
    )
    p = [probability([claim(f"transfer_{stage}", certainty="rumoured")]) for stage in stages]
    assert p == sorted(p)
    assert len(set(p)) == len(p)


def test_denials_pull_down() -> None:
    base = [claim("transfer_approach", certainty="rumoured", source="sources")]
    denied = claim("transfer_completed", polarity="denied", outlet="BBC Sport", day=1)
    assert probability([*base, denied]) < probability(base)


def test_a_confirmed_denial_pulls_down_more_than_a_reported_one() -> None:
    base = [claim("transfer_interest"), claim("transfer_approach", outlet="BBC Sport")]

    def denial(certainty: str) -> list[Claim]:
        return [*base, claim("transfer_approach", polarity="denied", certainty=certainty, day=1)]

    assert probability(denial("confirmed")) < probability(denial("reported")) < probability(base)


def test_a_denied_approach_pulls_down_more_than_a_denied_completion() -> None:
    base = [claim("transfer_interest", outlet="BBC Sport")]
    no_approach = [*base, claim("transfer_approach", polarity="denied", day=1)]
    not_done = [*base, claim("transfer_completed", polarity="denied", day=1)]
    assert probability(no_approach) < probability(not_done) < probability(base)


def test_old_rumours_fade_against_the_newest_claim() -> None:
    rumour = claim("transfer_approach", certainty="rumoured", source="sources")

    def with_news_on(day: float) -> float:
        return probability([rumour, claim("transfer_interest", "Chelsea", day=day)])

    fresh, month, season = with_news_on(0), with_news_on(30), with_news_on(120)
    assert fresh > month > season > 0
    assert abs(month - fresh / 2) < fresh / 6  # about half after a half-life


def test_reported_facts_fade_slower_than_rumours() -> None:
    def after_60_days(certainty: str) -> float:
        fact = claim("transfer_approach", certainty=certainty)
        later = claim("transfer_interest", "Chelsea", day=60)
        return probability([fact, later]) / probability([fact])

    assert after_60_days("rumoured") < after_60_days("reported") < after_60_days("confirmed")


def test_as_of_is_the_newest_claim_not_the_clock() -> None:
    content = picture([claim("transfer_interest", day=3), claim("transfer_approach", day=10)])
    assert content.as_of == claim("transfer_approach", day=10).published


def test_suitors_are_ranked_most_likely_first() -> None:
    content = picture(
        [
            claim("transfer_interest", "Chelsea", certainty="rumoured"),
            claim("transfer_fee_agreed", "Real Madrid"),
            claim("transfer_interest", None, certainty="speculative"),
        ]
    )
    ranked = [s.probability for s in content.suitors]
    assert ranked == sorted(ranked, reverse=True)
    assert content.suitors[0].club == "Real Madrid"
