"""What `touchline push` reads from files, directories and stdin."""

from __future__ import annotations

from pathlib import Path

import orjson

from services.ingest.files import read_bytes, read_paths


def test_each_kind_of_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(orjson.dumps({"text": "a"}))
    (tmp_path / "b.json").write_bytes(orjson.dumps([{"text": "b0"}, 3]))
    (tmp_path / "c.ndjson").write_text('{"text": "c1"}\n\n{oops\n')
    (tmp_path / "d.txt").write_text("plain words\n")
    (tmp_path / "e.html").write_text(
        "<html><head><title>T</title></head><body><p>x</p></body></html>"
    )
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    items = read_paths([str(tmp_path)])
    sources = [Path(i.source).name for i in items]
    assert sources == [
        "a.json",
        "b.json[0]",
        "b.json[1]",
        "c.ndjson:1",
        "c.ndjson:3",
        "d.txt",
        "e.html",
    ]
    assert items[0].data == {"text": "a"}
    assert items[2].rejection is not None and "expected a JSON object" in items[2].rejection.reason
    assert items[4].rejection is not None and "not valid JSON" in items[4].rejection.reason
    assert items[5].data == {"text": "plain words\n"}
    assert items[6].data is not None and items[6].data["title"] == "T"


def test_stdin_is_sniffed() -> None:
    assert [i.data for i in read_bytes("-", b'{"text": "x"}', kind=None)] == [{"text": "x"}]
    lines = list(read_bytes("-", b'{"text": "x"}\n{"text": "y"}\n', kind=None))
    assert [i.source for i in lines] == ["-:1", "-:2"]
    assert [i.data for i in read_bytes("-", b"just text", kind=None)] == [{"text": "just text"}]
    (page,) = read_bytes("-", b"<p>Salah signs</p>", kind=None)
    assert page.data == {"text": "<p>Salah signs</p>"}


def test_unreadable_inputs_become_rejections(tmp_path: Path) -> None:
    (bad,) = read_bytes("x.json", b"\xff\xfe", kind="json")
    assert bad.rejection is not None and "UTF-8" in bad.rejection.reason
    (missing,) = read_paths([str(tmp_path / "nope.json")])
    assert missing.rejection is not None and missing.rejection.field == "path"
