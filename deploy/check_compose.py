"""Static checks of deploy/docker-compose.yml that `docker compose config` does not make.

Usage: python deploy/check_compose.py COMPOSE_FILE ENV_NAMES_FILE [SCHEMA_JSON]

- every pulled image (and the Dockerfile's base) has an explicit tag that is not `latest`;
- every TOUCHLINE_* variable the compose file sets is one the native setup sets too
  (ENV_NAMES_FILE: the output of `deploy/infra.sh env`);
- with SCHEMA_JSON: the file validates against the compose-spec JSON schema (the fallback
  when no compose CLI is installed). Needs PyYAML, and jsonschema for the schema check.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml


def image_problem(image: str) -> str | None:
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if "@sha256:" in image:
        return None
    if ":" not in last:
        return "has no tag"
    tag = last.split(":", 1)[1]
    if tag == "latest" or not tag:
        return "uses 'latest'"
    return None


def check_images(compose: dict[str, Any], dockerfile: Path) -> list[str]:
    errors = []
    for name, service in (compose.get("services") or {}).items():
        image = service.get("image")
        if image is None:
            if "build" not in service:
                errors.append(f"service {name}: neither image nor build")
            continue
        # Locally built images are named by us, not pulled: their tag is ours to choose.
        if "build" in service:
            continue
        problem = image_problem(image)
        if problem:
            errors.append(f"service {name}: image {image!r} {problem}")
    if dockerfile.exists():
        for line in dockerfile.read_text().splitlines():
            match = re.match(r"\s*FROM\s+(?:--\S+\s+)*(\S+)", line, re.IGNORECASE)
            if match:
                problem = image_problem(match.group(1))
                if problem:
                    errors.append(f"{dockerfile.name}: base image {match.group(1)!r} {problem}")
    return errors


def check_env(compose: dict[str, Any], native: set[str]) -> list[str]:
    errors = []
    for name, service in (compose.get("services") or {}).items():
        env = service.get("environment") or {}
        keys = env.keys() if isinstance(env, dict) else [e.split("=", 1)[0] for e in env]
        for key in keys:
            if key.startswith("TOUCHLINE_") and key not in native:
                errors.append(f"service {name}: {key} is not set by the native env (infra.sh env)")
    return errors


def check_schema(raw: dict[str, Any], schema_path: Path) -> list[str]:
    import jsonschema  # only needed for the fallback

    schema = json.loads(schema_path.read_text())
    # compose-spec.json declares draft-07 under a $schema URL jsonschema does not know.
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"schema: {'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in validator.iter_errors(raw)
    ]


def main(argv: list[str]) -> int:
    compose_path, env_names_path = Path(argv[1]), Path(argv[2])
    compose = yaml.safe_load(compose_path.read_text())
    native = set(re.findall(r"\bTOUCHLINE_[A-Z0-9_]+", env_names_path.read_text()))
    errors = check_images(compose, compose_path.parent / "Dockerfile")
    errors += check_env(compose, native)
    if len(argv) > 3:
        errors += check_schema(compose, Path(argv[3]))
    for error in errors:
        print(f"check-compose: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
