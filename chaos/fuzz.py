"""The ingest HTTP API fuzzed from its own OpenAPI document with schemathesis (its CLI, in
a subprocess: it runs its own event loop and threads), bounded in examples and time.

The check is `not_a_server_error`: whatever schemathesis sends, ingest answers 2xx or a 4xx
naming the problem, never a 5xx, and the process stays up (checked by the scenario). The
JUnit report is read to count the operations with a 5xx and those without an answer.
"""

from __future__ import annotations

import asyncio
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAX_EXAMPLES = 40
MAX_TIME_S = 60
SEED = 6


@dataclass(frozen=True, slots=True)
class FuzzResult:
    exit_code: int
    tests: int
    server_errors: int  # operations with at least one 5xx answer
    errors: int  # operations schemathesis got no answer for
    tail: str

    @property
    def completed(self) -> bool:
        return self.tests > 0 and self.errors == 0

    @property
    def summary(self) -> str:
        return (
            f"{self.tests} operations tested, {self.server_errors} with a 5xx answer,"
            f" {self.errors} without an answer (exit {self.exit_code})"
        )


def command(base_url: str, junit: Path) -> list[str]:
    schemathesis = Path(sys.executable).with_name("schemathesis")
    return [
        str(schemathesis),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--max-time",
        str(MAX_TIME_S),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
        "--wait-for-schema",
        "30",
    ]


def parse_junit(path: Path) -> tuple[int, int, int]:
    """(operations tested, operations failing a check, operations that errored) from the
    JUnit report. The only check is not_a_server_error, so a failure is a 5xx; an error is
    schemathesis unable to get an answer (a crashed or hung service)."""
    if not path.exists():
        return 0, 0, 0
    root = ET.parse(path).getroot()
    tests = failures = errors = 0
    for case in root.iter("testcase"):
        tests += 1
        failures += any(True for _ in case.iter("failure"))
        errors += any(True for _ in case.iter("error"))
    return tests, failures, errors


async def fuzz(base_url: str, *, report_dir: Path) -> FuzzResult:
    report_dir.mkdir(parents=True, exist_ok=True)
    junit = report_dir / "schemathesis-junit.xml"
    process = await asyncio.create_subprocess_exec(
        *command(base_url, junit),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=report_dir,
    )
    out, _ = await process.communicate()
    text = out.decode(errors="replace")
    (report_dir / "schemathesis.log").write_text(text)
    tests, server_errors, errors = parse_junit(junit)
    return FuzzResult(process.returncode or 0, tests, server_errors, errors, text[-3000:])
