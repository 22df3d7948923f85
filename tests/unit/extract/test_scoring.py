from __future__ import annotations

import datetime as dt

from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.engine.scoring import GoldArticle, key_of, score


def _claim(
    player: str,
    kind: str,
    club: str | None,
    polarity: str = "affirmed",
    certainty: str = "reported",
) -> ExtractedClaim:
    return ExtractedClaim(player, kind, club, polarity, certainty, None, None, {}, "x", 0, 1)


def _gold(
    player: str,
    kind: str,
    club: str | None,
    polarity: str = "affirmed",
    certainty: str = "reported",
) -> dict[str, object]:
    return {
        "player": player,
        "kind": kind,
        "club": club,
        "polarity": polarity,
        "certainty": certainty,
        "source": None,
        "timeframe": None,
        "details": {},
        "evidence": "x",
    }


ART = ArticleInput(text="x", published=dt.date(2025, 1, 1), id="a1")


def test_key_uses_surname_accents_and_case_folded() -> None:
    assert key_of("Martín Zubimendi", "transfer_interest", None, "affirmed")[0] == "zubimendi"
    assert key_of("Mo Salah", "k", None, "affirmed") == key_of(
        "Mohamed Salah", "k", None, "affirmed"
    )


def test_each_gold_matches_at_most_one_prediction() -> None:
    gold = [GoldArticle(ART, (_gold("Mohamed Salah", "contract_expiring", "Liverpool"),))]
    preds = [
        _claim("Mohamed Salah", "contract_expiring", "Liverpool"),
        _claim("Salah", "contract_expiring", "Liverpool", certainty="rumoured"),
    ]
    rep = score(gold, lambda a: preds)
    # Predictions differing only in evidence/attributes count once.
    assert (rep.overall.tp, rep.overall.pred, rep.overall.gold) == (1, 1, 1)


def test_club_polarity_and_kind_must_agree() -> None:
    gold = [GoldArticle(ART, (_gold("Rice", "transfer_fee_agreed", "Arsenal"),))]
    for pred in (
        _claim("Declan Rice", "transfer_fee_agreed", "West Ham United"),
        _claim("Declan Rice", "transfer_fee_agreed", "Arsenal", polarity="denied"),
        _claim("Declan Rice", "transfer_approach", "Arsenal"),
        _claim("Declan Rice", "transfer_fee_agreed", None),
    ):
        rep = score(gold, lambda a, p=pred: [p])
        assert rep.overall.tp == 0 and len(rep.misses) == 1 and len(rep.false_alarms) == 1


def test_null_clubs_match_and_micro_figures() -> None:
    gold = [
        GoldArticle(
            ART,
            (
                _gold("Joel Matip", "transfer_completed", None),
                _gold("Joe Gomez", "player_wants_exit", None),
            ),
        ),
    ]
    rep = score(
        gold,
        lambda a: [
            _claim("Joel Matip", "transfer_completed", None),
            _claim("Harvey Elliott", "transfer_completed", None),
        ],
    )
    assert rep.overall.tp == 1
    assert rep.overall.precision == 0.5 and rep.overall.recall == 0.5
    assert abs(rep.overall.f1 - 0.5) < 1e-9
    assert rep.per_kind["transfer_completed"].tp == 1


def test_attribute_accuracy_over_matched() -> None:
    gold = [
        GoldArticle(
            ART, (_gold("Kane", "transfer_medical", "Bayern Munich", certainty="speculative"),)
        )
    ]
    rep = score(
        gold,
        lambda a: [_claim("Harry Kane", "transfer_medical", "Bayern Munich", certainty="reported")],
    )
    acc = rep.attribute_accuracy()
    assert acc["certainty"] == 0.0 and acc["source"] == 1.0 and acc["timeframe"] == 1.0
