"""Where the team folder's corpus lives; tests that need it skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEAM_SHARED = Path(os.environ.get("TOUCHLINE_TEAM_SHARED", REPO.parent / "shared"))
CORPUS_DIR = Path(os.environ.get("TOUCHLINE_CORPUS_DIR", TEAM_SHARED / "corpus" / "dev"))
SEED_ARTICLE = CORPUS_DIR / "seed-2025-01-01-liverpool-contracts.json"
