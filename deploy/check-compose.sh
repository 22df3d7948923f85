#!/usr/bin/env bash
# Validate deploy/docker-compose.yml without a Docker engine.
#  1. `docker compose config -q` (plugin) or `docker-compose config -q`
#     (standalone binary; deploy/README.md says how to build it with Go) when
#     one is installed; otherwise, or with CHECK_COMPOSE_SCHEMA_ONLY=1, the
#     compose-spec JSON schema from the Go module cache
#     (github.com/compose-spec/compose-go/v2, file schema/compose-spec.json).
#  2. Always: pinned image tags, and TOUCHLINE_* names shared with the native env.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMPOSE_FILE="$DEPLOY_DIR/docker-compose.yml"
# .env.example stands in for the operator's deploy/.env (required variables).
ENV_FILE="$DEPLOY_DIR/.env.example"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

find_compose() {
    [[ ${CHECK_COMPOSE_SCHEMA_ONLY:-} == 1 ]] && return 0
    if command -v docker >/dev/null && docker compose version >/dev/null 2>&1; then
        echo "docker compose"
        return
    fi
    local c
    for c in "$(command -v docker-compose || true)" "$LOCAL_DIR/bin/docker-compose" \
        "${GOBIN:-${GOPATH:-$HOME/go}/bin}/docker-compose"; do
        if [[ -n $c && -x $c ]]; then echo "$c"; return; fi
    done
}

# A Python with PyYAML and jsonschema: the system one if it has them, else uv's.
python_cmd() {
    if python3 -c 'import yaml, jsonschema' 2>/dev/null; then
        echo python3
    elif command -v uv >/dev/null; then
        echo "uv run --quiet --no-project --with pyyaml==6.0.3 --with jsonschema==4.26.0 python"
    else
        die "need python3 with pyyaml and jsonschema, or uv"
    fi
}

find_schema() {
    command -v go >/dev/null || return 0
    local modcache dir
    modcache=$(go env GOMODCACHE)
    dir=$(find "$modcache/github.com/compose-spec/compose-go" -maxdepth 1 -name "v2@*" 2>/dev/null | sort -V | tail -n 1)
    if [[ -z $dir ]]; then
        dir=$(go mod download -json github.com/compose-spec/compose-go/v2@latest 2>/dev/null \
            | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    fi
    [[ -n $dir && -f $dir/schema/compose-spec.json ]] && echo "$dir/schema/compose-spec.json"
}

"$DEPLOY_DIR/infra.sh" env >"$tmp/native-env"
schema_arg=()
compose=$(find_compose)
if [[ -n $compose ]]; then
    log "check-compose: $compose config -q"
    # shellcheck disable=SC2086 # "docker compose" is two words
    $compose --project-directory "$DEPLOY_DIR" -f "$COMPOSE_FILE" --env-file "$ENV_FILE" config -q
else
    schema=$(find_schema || true)
    [[ -n $schema ]] || die "no compose CLI and no compose-spec schema (needs go, or docker compose)"
    log "check-compose: no compose CLI; validating against $schema"
    schema_arg=("$schema")
fi
# shellcheck disable=SC2046 # python_cmd may be several words
$(python_cmd) "$DEPLOY_DIR/check_compose.py" "$COMPOSE_FILE" "$tmp/native-env" "${schema_arg[@]}"
log "check-compose: OK"
