"""Rules 1 to 3: event time, idempotence, and the order of arrival cannot matter."""

from __future__ import annotations

import pytest
from fold_support import claim, dump, picture

from services.status.fold import dedup, fold, in_event_order, order_key


def test_no_claims_no_picture() -> None:
    assert fold([]) is None


def test_claims_of_two_players_are_refused() -> None:
    with pytest.raises(ValueError, match="more than one player"):
        fold([claim("transfer_interest"), claim("transfer_interest", player="Mohamed Salah")])


def test_event_order_is_published_then_article_then_position_then_id() -> None:
    late = claim("transfer_interest", day=2)
    early_b = claim("transfer_approach", day=1, article="b", position=0)
    early_a1 = claim("transfer_medical", day=1, article="a", position=1)
    early_a0 = claim("transfer_fee_agreed", day=1, article="a", position=0)
    ordered = in_event_order([late, early_b, early_a1, early_a0])
    assert [c.id for c in ordered] == [early_a0.id, early_a1.id, early_b.id, late.id]


def test_order_compares_instants_not_clock_faces() -> None:
    from datetime import timedelta, timezone

    utc = claim("transfer_interest", day=1)
    same_instant = utc.model_copy(
        update={"published": utc.published.astimezone(timezone(timedelta(hours=2)))}
    )
    assert order_key(utc) == order_key(same_instant)


def test_a_late_old_article_gives_the_picture_in_order() -> None:
    old = claim("transfer_collapsed", day=1)
    newer = [claim("transfer_interest", day=0), claim("transfer_approach", day=5)]
    in_order = picture([newer[0], old, newer[1]])
    late = picture([*newer, old])
    assert dump(late) == dump(in_order)
    assert late.suitors[0].stage == "approach"  # the old collapse came before the approach


def test_the_same_claim_twice_counts_once() -> None:
    once = [claim("transfer_interest", outlet="BBC Sport"), claim("transfer_approach", day=3)]
    assert dump(picture(once + once + once[:1])) == dump(picture(once))
    assert picture(once + once).claim_count == 2


def test_two_versions_of_one_claim_id_resolve_the_same_way_in_any_order() -> None:
    first = claim("transfer_interest", certainty="rumoured")
    second = first.model_copy(update={"certainty": "confirmed"})
    assert first.id == second.id
    assert dedup([first, second]) == dedup([second, first])
    assert len(dedup([first, second])) == 1
    assert dump(picture([first, second])) == dump(picture([second, first]))
