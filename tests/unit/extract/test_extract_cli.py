from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from services.extract.cli import app

runner = CliRunner()

ARTICLE = {
    "id": "a-1",
    "published": "2025-01-01",
    "outlet": "Test",
    "text": "Arsenal have agreed a fee with West Ham for Declan Rice.",
    "claims": [{"ignored": True}],
}


def test_extract_json_file(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps(ARTICLE), encoding="utf-8")
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 0, res.output
    line = json.loads(res.stdout.strip().splitlines()[0])
    assert line["id"] == "a-1"
    claim = line["claims"][0]
    assert set(claim) == {
        "player",
        "kind",
        "club",
        "polarity",
        "certainty",
        "source",
        "timeframe",
        "details",
        "evidence",
    }
    ev = claim["evidence"]
    assert ARTICLE["text"][ev["start"] : ev["end"]] == ev["text"]


def test_extract_ndjson_stdin_bad_line_and_order(tmp_path: Path) -> None:
    no_id = {
        "text": "Chelsea are keen on Bournemouth forward Antoine Semenyo.",
        "url": "https://example.com/x",
    }
    data = (
        json.dumps(ARTICLE)
        + "\nnot json\n"
        + json.dumps({"id": 3})
        + "\n"
        + json.dumps(no_id)
        + "\n"
    )
    res = runner.invoke(app, ["extract", "-"], input=data)
    assert res.exit_code == 1
    lines = [json.loads(x) for x in res.stdout.strip().splitlines()]
    assert lines[0]["id"] == "a-1"
    assert len(lines) == 2 and lines[1]["id"] and lines[1]["id"] != "a-1"
    assert "-:2:" in res.stderr and "-:3:" in res.stderr


def test_eval_on_a_small_gold_dir(tmp_path: Path) -> None:
    gold = dict(ARTICLE)
    gold["claims"] = [
        {
            "player": "Declan Rice",
            "kind": "transfer_fee_agreed",
            "club": "Arsenal",
            "polarity": "affirmed",
            "certainty": "reported",
            "source": None,
            "timeframe": None,
            "details": {},
            "evidence": "x",
        }
    ]
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    res = runner.invoke(app, ["eval", str(tmp_path), "--json", "--misses", "--false-alarms"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert rep["overall"]["tp"] == 1 and rep["overall"]["gold"] == 1
    res = runner.invoke(app, ["eval", str(tmp_path), "--misses"])
    assert res.exit_code == 0 and "overall" in res.stdout
