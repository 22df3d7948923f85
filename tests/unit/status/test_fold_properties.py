"""Rules 1, 2, 3, 4 and 6 as properties over random histories of one player.

Settings: 200 examples per property (300 for arrival order), no deadline (timing is the
job of test_fold_speed), histories of 1 to 40 claims drawn from small sets of clubs (with
None), outlets (with None), sources (with None), six article ids and 6-hourly times over
200 days, so that ties, shared claim ids and duplicates are frequent.
"""

from __future__ import annotations

from fold_support import dump, histories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.status.fold import fold, in_event_order, next_status, order_key, status_digest
from shared.events import Claim

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(PROPERTY, max_examples=300)
@given(history=histories, data=st.data())
def test_any_arrival_order_gives_the_same_bytes(history: list[Claim], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(history))
    assert dump(fold(shuffled)) == dump(fold(history))


@PROPERTY
@given(history=histories, data=st.data())
def test_folding_a_claim_twice_is_folding_it_once(
    history: list[Claim], data: st.DataObject
) -> None:
    again = data.draw(st.lists(st.sampled_from(history), max_size=10))
    shuffled = data.draw(st.permutations([*history, *again]))
    assert dump(fold(shuffled)) == dump(fold(history))


@PROPERTY
@given(history=histories, data=st.data())
def test_a_late_old_article_changes_the_picture_as_if_in_order(
    history: list[Claim], data: st.DataObject
) -> None:
    ordered = list(in_event_order(history))
    old = data.draw(st.sampled_from(ordered)).article_id
    late = [c for c in ordered if c.article_id != old] + [c for c in ordered if c.article_id == old]
    assert dump(fold(late)) == dump(fold(ordered))


@PROPERTY
@given(history=histories, data=st.data())
def test_incremental_batches_end_where_one_batch_does(
    history: list[Claim], data: st.DataObject
) -> None:
    """The service refolds the player's history on each batch: however the claims arrive,
    the last status has the picture of all of them, and versions count the changes."""
    arrival = data.draw(st.permutations(history))
    cuts = sorted(data.draw(st.sets(st.integers(0, len(arrival)), max_size=5)))
    status, seen, changes = None, [], 0
    for start, end in zip([0, *cuts], [*cuts, len(arrival)], strict=True):
        seen += arrival[start:end]
        new = next_status(status, seen)
        if new is not None:
            changes += 1
            assert status is None or status_digest(new) != status_digest(status)
            assert new.version == (1 if status is None else status.version + 1)
            status = new
        elif seen:
            assert status is not None
            assert status_digest(status) == status_digest(fold(seen))  # type: ignore[arg-type]
    assert status is not None
    assert status.version == changes
    assert dump(fold(history)) == dump(fold(arrival))
    content = fold(history)
    assert content is not None
    assert status_digest(status) == status_digest(content)
    assert next_status(status, history) is None


@PROPERTY
@given(history=histories)
def test_every_part_names_known_claims_in_event_order(history: list[Claim]) -> None:
    content = fold(history)
    assert content is not None
    distinct = in_event_order(history)  # one version per claim id
    rank = {c.id: order_key(c) for c in distinct}

    def in_order(claim_ids: tuple[str, ...]) -> bool:
        keys = [rank[i] for i in claim_ids]
        return keys == sorted(keys) and len(set(claim_ids)) == len(claim_ids)

    parts = [content.current_club_claims, content.stance_claims, content.outlook.claims]
    parts += [content.contract.claims] if content.contract else []
    parts += [s.claims for s in content.suitors]
    assert all(in_order(part) for part in parts)
    for s in content.suitors:
        assert s.claims, "no suitor without evidence"
        assert s.first_seen <= s.last_seen <= content.as_of
    if content.contract is not None:
        assert content.contract.claims
    assert content.claim_count == len(distinct) == len({c.id for c in history})
    assert content.as_of == max(c.published for c in distinct)
