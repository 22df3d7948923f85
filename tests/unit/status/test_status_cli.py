"""`touchline fold` and the tables of `touchline status`, without any infrastructure."""

from __future__ import annotations

import json
import os
from pathlib import Path

import orjson
import pytest
from rich.console import Console
from typer.testing import CliRunner

from services.status.cli import app, fold_claims, picture_tables, read_articles
from shared.events import Claim, PlayerStatus

HERE = Path(__file__).parent
SEED_CLAIMS = HERE / "fold_seed_claims.json"
TEAM_SHARED = Path(os.environ.get("TOUCHLINE_TEAM_SHARED", HERE.parents[3] / "shared"))
SEED_ARTICLE = TEAM_SHARED / "corpus/dev/seed-2025-01-01-liverpool-contracts.json"

runner = CliRunner()


def seed_claims() -> list[Claim]:
    if not SEED_CLAIMS.exists():
        pytest.skip(f"fold fixture absent: {SEED_CLAIMS}")
    return [Claim.model_validate(c) for c in json.loads(SEED_CLAIMS.read_text())]


def test_read_articles_takes_an_object_a_list_or_json_lines(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "a"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "b"}, {"text": "c"}]))
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"text": "d"}\n\n{"text": "e"}\n')
    got = list(read_articles([str(one), str(many), str(lines)]))
    assert [obj["text"] for _, obj in got] == ["a", "b", "c", "d", "e"]
    assert got[0][0] == str(one) and got[2][0] == f"{many}[1]" and got[4][0] == f"{lines}:3"


def test_fold_claims_gives_one_picture_per_player_in_id_order() -> None:
    pictures = fold_claims(seed_claims())
    assert [p.player_id for p in pictures] == [
        "mohamed-salah",
        "trent-alexander-arnold",
        "virgil-van-dijk",
    ]
    assert all(p.version == 1 for p in pictures)


def test_fold_prints_json_lines_keyed_by_player() -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article absent: {SEED_ARTICLE}")
    result = runner.invoke(app, ["fold", str(SEED_ARTICLE)])
    assert result.exit_code == 0, result.output
    pictures = [
        PlayerStatus.model_validate(orjson.loads(line)) for line in result.stdout.splitlines()
    ]
    ids = [p.player_id for p in pictures]
    assert ids == sorted(set(ids)) and ids
    # Folding is deterministic: the same article gives the same bytes.
    assert runner.invoke(app, ["fold", "-"], input=SEED_ARTICLE.read_text()).stdout == result.stdout


def test_fold_names_the_bad_input_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"title": "no text"}))
    result = runner.invoke(app, ["fold", str(bad)])
    assert result.exit_code == 1
    assert "bad.json" in result.output and "text" in result.output

    missing = runner.invoke(app, ["fold", str(tmp_path / "absent.json")])
    assert missing.exit_code == 1 and "absent.json" in missing.output


def test_picture_tables_show_state_suitors_and_evidence() -> None:
    taa = next(p for p in fold_claims(seed_claims()) if p.player_id == "trent-alexander-arnold")
    console = Console(record=True, width=200)
    for table in picture_tables(taa, None):
        console.print(table)
    text = console.export_text()
    assert "Trent Alexander-Arnold" in text and "Real Madrid" in text and "Liverpool" in text
