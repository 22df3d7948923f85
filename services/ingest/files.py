"""What `touchline push` reads: files, directories and stdin, as article dicts.

JSON (an object or an array of objects), NDJSON (one object a line), HTML (the page,
whose main text normalise extracts, with its metadata) and plain text. Each item keeps
where it came from (`file`, `file:3` for a line, `file[2]` for an array element) so the
summary can point at it. Reading never raises: an unreadable input is an item with a
Rejection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from services.ingest.normalise import Rejection, html_document, looks_like_html

JSON_SUFFIXES = {".json"}
NDJSON_SUFFIXES = {".ndjson", ".jsonl"}
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
READABLE = JSON_SUFFIXES | NDJSON_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES


@dataclass(frozen=True, slots=True)
class Item:
    source: str
    data: dict[str, Any] | None = None
    rejection: Rejection | None = None


def read_paths(paths: Iterable[str], stdin: bytes | None = None) -> list[Item]:
    """Every input named: `-` is stdin; a directory is every readable file under it, in
    name order; a file is read by its suffix (or sniffed when the suffix says nothing)."""
    items: list[Item] = []
    for name in paths:
        if name == "-":
            items.extend(read_bytes("<stdin>", stdin or b"", kind=None))
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in READABLE:
                    items.extend(read_file(child))
        elif path.is_file():
            items.extend(read_file(path))
        else:
            items.append(Item(name, rejection=Rejection("path", "no such file or directory")))
    return items


def read_file(path: Path) -> list[Item]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [Item(str(path), rejection=Rejection("path", f"cannot read: {error.strerror}"))]
    suffix = path.suffix.lower()
    kind = (
        "json"
        if suffix in JSON_SUFFIXES
        else "ndjson"
        if suffix in NDJSON_SUFFIXES
        else "html"
        if suffix in HTML_SUFFIXES
        else "text"
        if suffix in TEXT_SUFFIXES
        else None
    )
    return list(read_bytes(str(path), raw, kind=kind))


def read_bytes(source: str, raw: bytes, *, kind: str | None) -> Iterator[Item]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Item(source, rejection=Rejection("article", f"not valid UTF-8 at byte {error.start}"))
        return
    if kind is None:
        kind = _sniff(text)
    if kind == "json":
        yield from _json_items(source, text)
    elif kind == "ndjson":
        yield from _ndjson_items(source, text)
    elif kind == "html":
        yield Item(source, html_document(text))
    else:
        yield Item(source, {"text": text})


def _sniff(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        # One object is JSON; what does not parse as one is taken for one object a line.
        try:
            orjson.loads(stripped)
        except orjson.JSONDecodeError:
            return "ndjson"
        return "json"
    return "html" if looks_like_html(text) else "text"


def _json_items(source: str, text: str) -> Iterator[Item]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        yield Item(source, rejection=Rejection("article", f"not valid JSON: {error}"))
        return
    if isinstance(data, dict):
        yield Item(source, data)
    elif isinstance(data, list):
        for index, element in enumerate(data):
            yield _object_item(f"{source}[{index}]", element)
    else:
        yield _object_item(source, data)


def _ndjson_items(source: str, text: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield Item(
                f"{source}:{number}", rejection=Rejection("article", f"not valid JSON: {error}")
            )
            continue
        yield _object_item(f"{source}:{number}", data)


def _object_item(source: str, data: Any) -> Item:
    if isinstance(data, dict):
        return Item(source, data)
    kind = "array" if isinstance(data, list) else type(data).__name__
    return Item(source, rejection=Rejection("article", f"expected a JSON object, got {kind}"))
