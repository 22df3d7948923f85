from __future__ import annotations

import datetime as dt

from engine_helpers import facts, run

from services.extract.engine.interface import CombinedExtractor, Extractor
from services.extract.engine.model import ArticleInput, ExtractedClaim
from services.extract.engine.pipeline import RuleExtractor, extract
from shared.events import Claim, ClaimDetails, Evidence
from shared.vocabulary import CERTAINTIES, CLAIM_KINDS

SEED = (
    "Liverpool are having a fantastic season and Arne Slot has them on route to the "
    "Premier League title, but sources have stated that a big story looms.\n\n"
    "Trent Alexander-Arnold is out of contract and coveted by Real Madrid and the Spanish "
    "giants are extremely confident he will sign for them in the summer. They have tried "
    "for him in this window but there is no chance of a deal and a pre-contract agreement "
    "has always been the plan.\n\n"
    "Liverpool dismissed an approach from Madrid in recent days to open talks over a move "
    "this month. Alexander-Arnold is also clear he does not want to move halfway through "
    "the season.\n\n"
    "He is not alone, as Mo Salah and Virgil van Dijk are also out of contact in the "
    "summer and have serious interest. However, the central defender is close to an "
    "agreement, according to sources."
)


def test_seed_article_main_facts() -> None:
    got = facts(SEED)
    for fact in [
        ("Alexander-Arnold", "contract_expiring", "Liverpool", "affirmed"),
        ("Alexander-Arnold", "transfer_interest", "Real Madrid", "affirmed"),
        ("Alexander-Arnold", "transfer_completed", "Real Madrid", "affirmed"),
        ("Alexander-Arnold", "transfer_bid_rejected", "Real Madrid", "affirmed"),
        ("Alexander-Arnold", "transfer_pre_contract", "Real Madrid", "affirmed"),
        ("Alexander-Arnold", "player_wants_exit", None, "denied"),
        ("Salah", "contract_expiring", "Liverpool", "affirmed"),  # typo "out of contact"
        ("Dijk", "contract_expiring", "Liverpool", "affirmed"),
        ("Dijk", "contract_agreement_near", "Liverpool", "affirmed"),
    ]:
        assert fact in got, fact


def test_evidence_offsets_slice_the_text() -> None:
    for c in run(SEED):
        assert SEED[c.evidence_start : c.evidence_end] == c.evidence_text
        assert c.kind in CLAIM_KINDS and c.certainty in CERTAINTIES
        assert c.polarity in ("affirmed", "denied")


def test_output_is_compatible_with_the_claim_event() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for i, c in enumerate(run(SEED)):
        details = {k: v for k, v in c.details.items() if k in ("contract_until", "deal_type")}
        Claim(
            id=str(i),
            article_id="a",
            player=c.player,
            player_id="p",
            kind=c.kind,  # type: ignore[arg-type]
            club=c.club,
            polarity=c.polarity,
            certainty=c.certainty,
            source=c.source,  # type: ignore[arg-type]
            timeframe=c.timeframe,
            details=ClaimDetails(**details),
            evidence=Evidence(text=c.evidence_text, start=c.evidence_start, end=c.evidence_end),
            published=now,
            position=c.position,
        )


def test_one_claim_per_fact_with_the_strongest_evidence() -> None:
    text = (
        "Chelsea are reportedly keen on Bournemouth winger Antoine Semenyo. Chelsea are "
        "keen on Bournemouth winger Antoine Semenyo."
    )
    got = [c for c in run(text) if c.kind == "transfer_interest"]
    assert len(got) == 1
    assert got[0].certainty == "reported"  # the plain statement beats the rumour


def test_list_of_players_gives_one_claim_each() -> None:
    text = (
        "Attacking midfielder Jamal Musiala, wing back Alphonso Davies and goalkeeper "
        "Manuel Neuer signed new deals with Bayern Munich last month."
    )
    got = {f[0] for f in facts(text) if f[1] == "contract_extended"}
    assert got == {"Musiala", "Davies", "Neuer"}


def test_headline_capitals_and_curly_quotes() -> None:
    text = "Liverpool’s initial bid of £109m for Florian Wirtz was REJECTED by Bayer Leverkusen."
    assert ("Wirtz", "transfer_bid_rejected", "Liverpool", "affirmed") in facts(text)


def test_player_quote_is_confirmed() -> None:
    text = 'Bukayo Saka signed a new contract with Arsenal. "I am happy to stay here," Saka said.'
    got = [c for c in run(text) if c.kind == "player_wants_stay"]
    assert got and got[0].certainty == "confirmed" and got[0].club == "Arsenal"


def test_empty_and_odd_inputs() -> None:
    assert extract(ArticleInput(text="")) == []
    assert extract(ArticleInput(text="\x00\x01\u202e")) == []
    assert extract(ArticleInput(text="Salah " * 5000, published=None)) is not None


def test_extractor_protocol_and_combined_extractor() -> None:
    class Broken:
        name = "broken"

        def extract(self, article: ArticleInput) -> list[ExtractedClaim]:
            raise RuntimeError("boom")

    rules = RuleExtractor()
    assert isinstance(rules, Extractor)
    combined = CombinedExtractor([rules, Broken(), rules])
    art = ArticleInput(text=SEED, published=dt.date(2025, 1, 1))
    assert {c.key() for c in combined.extract(art)} == {c.key() for c in rules.extract(art)}
    positions = [c.position for c in combined.extract(art)]
    assert positions == sorted(positions)


def test_all_caps_headline_names_and_clubs() -> None:
    text = (
        "LIVERPOOL REJECT AL-HILAL BID FOR MOHAMED SALAH\n"
        "Liverpool forward Mohamed Salah is happy at Anfield."
    )
    got = facts(text)
    assert ("Salah", "transfer_bid_rejected", "Al-Hilal", "affirmed") in got
    # Capitalised headline words are no names of their own.
    assert not [f for f in got if f[0] in ("Reject", "Bid")]
