"""The claim vocabulary of spec/claims.md and the picture vocabulary of spec/status.md."""

from __future__ import annotations

from typing import Literal, get_args

ClaimKind = Literal[
    "contract_expiring",
    "contract_talks",
    "contract_offer",
    "contract_offer_rejected",
    "contract_agreement_near",
    "contract_extended",
    "contract_talks_stalled",
    "transfer_interest",
    "transfer_approach",
    "transfer_bid_rejected",
    "transfer_fee_agreed",
    "transfer_terms_agreed",
    "transfer_pre_contract",
    "transfer_medical",
    "transfer_completed",
    "transfer_collapsed",
    "player_wants_exit",
    "player_wants_stay",
]
Polarity = Literal["affirmed", "denied"]
Certainty = Literal["confirmed", "reported", "rumoured", "speculative"]
DealType = Literal["permanent", "loan", "free"]

CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
CONTRACT_KINDS: frozenset[str] = frozenset(k for k in CLAIM_KINDS if k.startswith("contract_"))
TRANSFER_KINDS: frozenset[str] = frozenset(k for k in CLAIM_KINDS if k.startswith("transfer_"))
STANCE_KINDS: frozenset[str] = frozenset(k for k in CLAIM_KINDS if k.startswith("player_"))
CERTAINTIES: tuple[str, ...] = get_args(Certainty)

# Contract states and suitor stages in order of progress (status.md).
ContractState = Literal[
    "expiring", "talks", "offer", "offer_rejected", "agreement_near", "extended", "stalled"
]
SuitorStage = Literal[
    "interest",
    "approach",
    "bid_rejected",
    "fee_agreed",
    "terms_agreed",
    "pre_contract",
    "medical",
    "completed",
    "collapsed",
]
Outlook = Literal["stay", "leave", "uncertain"]
CONTRACT_STATES: tuple[str, ...] = get_args(ContractState)
SUITOR_STAGES: tuple[SuitorStage, ...] = get_args(SuitorStage)
