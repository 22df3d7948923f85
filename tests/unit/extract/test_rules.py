"""The reading rules of spec/claims.md, each with its own example sentence."""

from __future__ import annotations

import pytest
from engine_helpers import facts, find, run

# (text, expected fact (surname, kind, club, polarity)); the text gives just enough
# context for the example sentence of claims.md.
SPEC_EXAMPLES = [
    # Fields / kinds
    (
        "Liverpool defender Trent Alexander-Arnold is out of contract in the summer.",
        ("Alexander-Arnold", "contract_expiring", "Liverpool", "affirmed"),
    ),
    (
        "Liverpool defender Trent Alexander-Arnold is out of contract and coveted by Real Madrid.",
        ("Alexander-Arnold", "transfer_interest", "Real Madrid", "affirmed"),
    ),
    (
        "Mohamed Salah's deal expires in 2025, and Liverpool want him to stay.",
        ("Salah", "contract_expiring", "Liverpool", "affirmed"),
    ),
    (
        "Liverpool defender Virgil van Dijk is entering the final year of his contract.",
        ("Dijk", "contract_expiring", "Liverpool", "affirmed"),
    ),
    (
        "Liverpool have made Virgil van Dijk an offer and an offer has been on the table "
        "since December.",
        ("Dijk", "contract_offer", "Liverpool", "affirmed"),
    ),
    (
        "However, Liverpool captain Virgil van Dijk is close to an agreement, according to "
        "sources.",
        ("Dijk", "contract_agreement_near", "Liverpool", "affirmed"),
    ),
    # Who says it / expected events
    (
        "Real Madrid have made contact over Trent Alexander-Arnold. The Spanish giants are "
        "extremely confident he will sign for them in the summer.",
        ("Alexander-Arnold", "transfer_completed", "Real Madrid", "affirmed"),
    ),
    (
        "Liverpool captain Virgil van Dijk has impressed. All signs now point towards the "
        "club captain continuing his stay at Anfield.",
        ("Dijk", "contract_extended", "Liverpool", "affirmed"),
    ),
    (
        "Real Madrid tried for Trent Alexander-Arnold in this window but there is no chance "
        "of a deal.",
        ("Alexander-Arnold", "transfer_completed", "Real Madrid", "denied"),
    ),
    (
        "Liverpool defender Trent Alexander-Arnold is clear he does not want to move "
        "halfway through the season.",
        ("Alexander-Arnold", "player_wants_exit", None, "denied"),
    ),
    # Each club its role
    (
        "Arsenal have agreed a fee with West Ham for Declan Rice.",
        ("Rice", "transfer_fee_agreed", "Arsenal", "affirmed"),
    ),
    (
        "West Ham accepted Arsenal's bid for Declan Rice.",
        ("Rice", "transfer_fee_agreed", "Arsenal", "affirmed"),
    ),
    (
        "Newcastle rejected Liverpool's bid for Alexander Isak.",
        ("Isak", "transfer_bid_rejected", "Liverpool", "affirmed"),
    ),
    # A bid is an approach
    (
        "Newcastle rejected Liverpool's bid for Alexander Isak.",
        ("Isak", "transfer_approach", "Liverpool", "affirmed"),
    ),
    # The player can reject too
    (
        "Victor Osimhen rejects a move to Al-Hilal.",
        ("Osimhen", "transfer_bid_rejected", "Al-Hilal", "affirmed"),
    ),
    ("Moises Caicedo wants Chelsea.", ("Caicedo", "player_wants_exit", "Chelsea", "affirmed")),
    # Loans and clauses
    (
        "Chelsea have triggered the £30m release clause in Liam Delap's contract.",
        ("Delap", "transfer_fee_agreed", "Chelsea", "affirmed"),
    ),
    # Will sign, has agreed
    (
        "Rayan Cherki will sign a five-year deal with Manchester City.",
        ("Cherki", "transfer_completed", "Manchester City", "affirmed"),
    ),
    (
        "Harry Kane has agreed personal terms with Bayern Munich.",
        ("Kane", "transfer_terms_agreed", "Bayern Munich", "affirmed"),
    ),
    (
        "Chelsea are in pole position to sign Michael Olise.",
        ("Olise", "transfer_completed", "Chelsea", "affirmed"),
    ),
    (
        "Chelsea are the favourites to sign Michael Olise.",
        ("Olise", "transfer_completed", "Chelsea", "affirmed"),
    ),
    # Contracts
    (
        "Real Sociedad midfielder Martin Zubimendi has a contract until 2027.",
        ("Zubimendi", "contract_expiring", "Real Sociedad", "affirmed"),
    ),
    (
        "Ajax defender Jurrien Timber still has two years left on his contract.",
        ("Timber", "contract_expiring", "Ajax", "affirmed"),
    ),
    # Moves of the current window count
    (
        "Liverpool have already signed Florian Wirtz and Hugo Ekitike this summer.",
        ("Wirtz", "transfer_completed", "Liverpool", "affirmed"),
    ),
    (
        "Liverpool have already signed Florian Wirtz and Hugo Ekitike this summer.",
        ("Ekitike", "transfer_completed", "Liverpool", "affirmed"),
    ),
    # A departure with no destination
    (
        "Tottenham forward Richarlison could leave this summer.",
        ("Richarlison", "transfer_completed", None, "affirmed"),
    ),
    # Missing out
    (
        "Newcastle missed out on Benjamin Sesko to Manchester United.",
        ("Sesko", "transfer_collapsed", "Newcastle United", "affirmed"),
    ),
    (
        "Newcastle missed out on Benjamin Sesko to Manchester United.",
        ("Sesko", "transfer_completed", "Manchester United", "affirmed"),
    ),
    # Interest versus approach
    (
        "Tottenham are weighing up an approach for Everton defender Jarrad Branthwaite.",
        ("Branthwaite", "transfer_interest", "Tottenham Hotspur", "affirmed"),
    ),
    (
        "Arsenal are eyeing Wolves striker Matheus Cunha.",
        ("Cunha", "transfer_interest", "Arsenal", "affirmed"),
    ),
    (
        "Chelsea have been linked with Bournemouth forward Antoine Semenyo.",
        ("Semenyo", "transfer_interest", "Chelsea", "affirmed"),
    ),
    (
        "Federico Chiesa's agent has held talks with Tottenham.",
        ("Chiesa", "transfer_approach", "Tottenham Hotspur", "affirmed"),
    ),
    # A player deciding to join
    (
        "Harry Kane decided on Thursday to join Bayern Munich.",
        ("Kane", "player_wants_exit", "Bayern Munich", "affirmed"),
    ),
    # Stated, not inferred
    (
        "There has been no breakthrough in contract talks with Liverpool defender Virgil van Dijk.",
        ("Dijk", "contract_agreement_near", "Liverpool", "denied"),
    ),
    # Denials are claims
    (
        "Liverpool have not received a bid for Mohamed Salah.",
        ("Salah", "transfer_approach", None, "denied"),
    ),
]


@pytest.mark.parametrize(("text", "fact"), SPEC_EXAMPLES)
def test_spec_example(text: str, fact: tuple[str, str, str | None, str]) -> None:
    assert fact in facts(text)


def test_selling_club_is_never_the_suitor() -> None:
    got = facts("Arsenal have agreed a fee with West Ham for Declan Rice.")
    assert ("Rice", "transfer_fee_agreed", "West Ham United", "affirmed") not in got


def test_club_stance_on_selling_is_no_claim() -> None:
    assert facts("Arsenal say Bukayo Saka is not for sale.") == set()
    assert facts("Arsenal have no intention of cashing in on Riccardo Calafiori.") == set()


def test_passing_mention_is_no_claim() -> None:
    text = (
        "Real Madrid are confident they will land Trent Alexander-Arnold on a free and he "
        "will join up with international team mate Jude Bellingham."
    )
    assert not [f for f in facts(text) if f[0] == "Bellingham"]


def test_biography_is_no_claim() -> None:
    text = "Liverpool defender Virgil van Dijk, who joined from Southampton in 2018, is happy."
    assert not [f for f in facts(text) if f[1] == "transfer_completed"]


@pytest.mark.parametrize(
    "text",
    [
        "Sancho is United's second most expensive sale, trailing only Romelu Lukaku's"
        " transfer to Inter Milan.",
        "The fee beats the £30 million Everton received for the sale of Jordan Pickford"
        " to Everton.",
        "City have spent £200m this year following the arrivals of Omar Marmoush and Vitor Reis.",
    ],
)
def test_earlier_deals_named_for_comparison_are_no_claims(text: str) -> None:
    assert not [f for f in facts(text) if f[1] == "transfer_completed"]


def test_a_deal_compared_with_earlier_ones_is_still_a_claim() -> None:
    text = (
        "Chelsea have completed the signing of Michael Olise from Crystal Palace,"
        " the club's second most expensive signing."
    )
    assert [f for f in facts(text) if f[:2] == ("Olise", "transfer_completed")]


def test_non_players_have_no_claims() -> None:
    text = "Liverpool manager Arne Slot wants to stay at Anfield for years."
    assert not [f for f in facts(text) if f[0] == "Slot"]


def test_certainty_rumoured_when_attributed_to_sources() -> None:
    got = find(
        "Liverpool captain Virgil van Dijk is close to an agreement, according to sources.",
        "Dijk",
        "contract_agreement_near",
    )
    assert got and got[0].certainty == "rumoured" and got[0].source == "sources"


def test_certainty_speculative_when_expected() -> None:
    got = find("Chelsea are set to sign Michael Olise.", "Olise", "transfer_completed")
    assert got and got[0].certainty == "speculative"


def test_outlet_citing_itself_is_reported_without_source() -> None:
    got = [
        c
        for c in run(
            "Test Outlet revealed that Liverpool are keen on Bournemouth defender Milos Kerkez.",
            outlet="Test Outlet",
        )
        if c.kind == "transfer_interest"
    ]
    assert got and got[0].certainty == "reported" and got[0].source is None


def test_here_we_go_is_reported() -> None:
    got = find(
        "Jurrien Timber to Arsenal, here we go! said Fabrizio Romano.",
        "Timber",
        "transfer_completed",
    )
    assert got and got[0].certainty == "reported"


def test_official_announcement_is_confirmed() -> None:
    got = find(
        "Bayern Munich have confirmed the signing of Jonathan Tah from Bayer Leverkusen.",
        "Tah",
        "transfer_completed",
    )
    assert got and got[0].club == "Bayern Munich" and got[0].certainty == "confirmed"


def test_principal_quote_denial_is_confirmed() -> None:
    text = (
        "Krasnodar coach Murad Musaev was asked about Southampton's bid for Eduard "
        'Spertsyan. "We have received no offer for Eduard Spertsyan," he said.'
    )
    got = [c for c in find(text, "Spertsyan", "transfer_approach") if c.polarity == "denied"]
    assert got and got[0].certainty == "confirmed"


# ---- general patterns of football news (not from claims.md, but the same language) ----


def test_group_reference_the_trio() -> None:
    text = (
        "Liverpool have Virgil van Dijk, Mohamed Salah and Trent Alexander-Arnold on "
        "expiring deals. There has been no breakthrough in talks for any of the trio."
    )
    got = {f[0] for f in facts(text) if f[1] == "contract_agreement_near" and f[3] == "denied"}
    assert got == {"Dijk", "Salah", "Alexander-Arnold"}


def test_they_stands_for_the_acting_club() -> None:
    text = (
        "Manchester City have made a fast start to the window. They have completed the "
        "signing of Wolves left-back Rayan Ait-Nouri."
    )
    assert ("Ait-Nouri", "transfer_completed", "Manchester City", "affirmed") in facts(text)


def test_list_after_including() -> None:
    text = (
        "Bradley Barcola joined a list of notable arrivals at Paris Saint-Germain, "
        "including midfielder Marco Asensio (27) from Real Madrid and forward Ousmane "
        "Dembele (26) from Barcelona."
    )
    got = {f[0] for f in facts(text) if f[1] == "transfer_completed"}
    assert {"Asensio", "Dembele"} <= got


def test_club_naming_its_price_is_no_suitor() -> None:
    text = "Liverpool are also in talks with Bournemouth, who want £45m for left-back Milos Kerkez."
    got = facts(text)
    assert ("Kerkez", "transfer_approach", "Liverpool", "affirmed") in got
    assert not [f for f in got if f[2] == "Bournemouth"]


def test_match_opponent_is_no_party() -> None:
    text = (
        "Speaking after their 1-0 win over Girona, Liverpool captain Virgil van Dijk "
        "said negotiations have not reached a climax."
    )
    assert not [f for f in facts(text) if f[2] == "Girona"]


def test_rejected_advances_belong_to_the_earlier_suitor() -> None:
    text = (
        "Newcastle were in the market for Brentford forward Bryan Mbeumo but he decided "
        "to snub the advances and join Manchester United instead."
    )
    got = facts(text)
    assert ("Mbeumo", "transfer_bid_rejected", "Newcastle United", "affirmed") in got
    assert ("Mbeumo", "player_wants_exit", "Manchester United", "affirmed") in got


def test_hypothetical_is_no_claim() -> None:
    text = (
        "Liverpool face a decision whether to trigger the release clause of Bournemouth "
        "winger Antoine Semenyo."
    )
    assert not [f for f in facts(text) if f[1] == "transfer_fee_agreed"]


def test_unnamed_suitor_gives_no_club() -> None:
    text = (
        "Liverpool defender Ibrahima Konate has already turned down a huge bid from a Saudi club."
    )
    assert ("Konate", "transfer_bid_rejected", None, "affirmed") in facts(text)


def test_other_sports_yield_nothing() -> None:
    assert facts("Lewis Hamilton has signed a new contract with Ferrari until 2027.") == set()
    assert facts("Novak Djokovic wants to play at Wimbledon next year.") == set()


def test_manager_moves_are_no_player_claims() -> None:
    got = facts(
        "Chelsea have sacked head coach Enzo Maresca and are considering Xabi Alonso "
        "as his replacement."
    )
    assert not [f for f in got if f[0] in ("Maresca", "Alonso")]


@pytest.mark.parametrize(
    ("text", "surname", "club"),
    [
        # A cause after "due to" is no destination: a departure with none names no club.
        (
            "The Wirtz deal could force Harvey Elliott's departure, due to Liverpool's"
            " spending model.",
            "Elliott",
            None,
        ),
        ("Harvey Elliott is closing in on a departure to Everton.", "Elliott", "Everton"),
        # After a departure, a plain "at" says where it happens, not where he goes.
        (
            "Jordan Henderson made his final appearance for the club at Anfield on Sunday.",
            "Henderson",
            None,
        ),
        (
            "Jordan Henderson is set to leave Liverpool after a fee was agreed, with his"
            " arrival at Al-Ettifaq expected this week.",
            "Henderson",
            "Al-Ettifaq",
        ),
    ],
)
def test_the_club_of_a_departure_is_where_he_goes(
    text: str, surname: str, club: str | None
) -> None:
    got = find(text, surname, "transfer_completed")
    assert got and {c.club for c in got} == {club}


@pytest.mark.parametrize(
    ("text", "facts_wanted"),
    [
        # Named elsewhere as the buyer: the departure is that club's claim.
        (
            "Jobe Bellingham's departure would be a blow for Sunderland. Borussia Dortmund"
            " have agreed a fee with Sunderland for Bellingham.",
            {("Bellingham", "transfer_completed", "Borussia Dortmund", "affirmed")},
        ),
        # The move is a claim of its own already: the departure adds nothing.
        (
            "Jordan Henderson is expected to depart this summer. Al-Ettifaq have completed"
            " the signing of Henderson from Liverpool.",
            {("Henderson", "transfer_completed", "Al-Ettifaq", "affirmed")},
        ),
        # A denied deal names no destination.
        (
            "Jordan Henderson is expected to depart this summer. Al-Ettifaq have not agreed"
            " a fee for Henderson.",
            {("Henderson", "transfer_completed", None, "affirmed")},
        ),
    ],
)
def test_a_departure_is_the_claim_of_the_destination_the_article_names(
    text: str, facts_wanted: set[tuple[str, str, str | None, str]]
) -> None:
    assert {f for f in facts(text) if f[1] == "transfer_completed"} == facts_wanted
