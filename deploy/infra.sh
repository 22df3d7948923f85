#!/usr/bin/env bash
# One entry point for the native (Docker-free) Kafka + Postgres used by
# development, tests and CI.
#
#   deploy/infra.sh up     [kafka|postgres|all]   start, wait until really ready
#   deploy/infra.sh down   [kafka|postgres|all] [--purge]   stop (and delete data)
#   deploy/infra.sh clean  [kafka|postgres|all]   same as down --purge
#   deploy/infra.sh status [kafka|postgres|all]   exit 0 only if all answer
#   deploy/infra.sh logs   [kafka|postgres|all]   follow on a terminal, else print the tail
#   deploy/infra.sh env                           export lines: eval "$(deploy/infra.sh env)"
#
# Progress goes to stderr; stdout carries only what a command is asked for.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '5,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

# The TOUCHLINE_* settings (pydantic-settings) that point the services at the
# native infrastructure. deploy/check-compose.sh checks docker-compose.yml
# against this list, so keep the two in step.
print_env() {
    cat <<EOF
export TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS=$KAFKA_HOST:$KAFKA_PORT
export TOUCHLINE_POSTGRES_URL=postgresql://touchline:touchline@$PG_HOST:$PG_PORT/touchline
export TOUCHLINE_TOPIC_PREFIX=${TOUCHLINE_TOPIC_PREFIX:-touchline.}
export TOUCHLINE_TOPIC_PARTITIONS=${TOUCHLINE_TOPIC_PARTITIONS:-3}
export TOUCHLINE_TOPIC_REPLICATION=${TOUCHLINE_TOPIC_REPLICATION:-1}
export TOUCHLINE_KAFKA_SECURITY_PROTOCOL=PLAINTEXT
export TOUCHLINE_HTTP_HOST=${TOUCHLINE_HTTP_HOST:-0.0.0.0}
export TOUCHLINE_INGEST_HTTP_PORT=${TOUCHLINE_INGEST_HTTP_PORT:-18081}
export TOUCHLINE_EXTRACT_HTTP_PORT=${TOUCHLINE_EXTRACT_HTTP_PORT:-18082}
export TOUCHLINE_STATUS_HTTP_PORT=${TOUCHLINE_STATUS_HTTP_PORT:-18083}
export TOUCHLINE_LOG_LEVEL=${TOUCHLINE_LOG_LEVEL:-INFO}
# Left unset for PLAINTEXT (an empty value is not the same as unset):
# TOUCHLINE_KAFKA_SASL_MECHANISM TOUCHLINE_KAFKA_SASL_USERNAME
# TOUCHLINE_KAFKA_SASL_PASSWORD TOUCHLINE_KAFKA_SSL_CAFILE
EOF
}

# Which services a command applies to; Postgres starts first (1-2 s) so its
# errors show before the slower Kafka start.
targets() {
    case "${1:-all}" in
        all) echo postgres kafka ;;
        kafka | postgres) echo "$1" ;;
        *) usage ;;
    esac
}

cmd=${1:-}
[[ -n $cmd ]] || usage
shift
purge=false
what=all
for arg in "$@"; do
    case $arg in
        --purge) purge=true ;;
        *) what=$arg ;;
    esac
done

case $cmd in
    up)
        start=$SECONDS
        for svc in $(targets "$what"); do "$DEPLOY_DIR/$svc.sh" up; done
        log "infra: up in $((SECONDS - start))s; logs in $LOG_DIR"
        ;;
    down | clean)
        [[ $cmd == clean ]] && purge=true
        # Reverse order: Kafka first, so nothing of ours writes to Postgres late.
        for svc in $(targets "$what" | tr ' ' '\n' | tac); do
            if $purge; then "$DEPLOY_DIR/$svc.sh" purge; else "$DEPLOY_DIR/$svc.sh" down; fi
        done
        ;;
    status)
        rc=0
        for svc in $(targets "$what"); do "$DEPLOY_DIR/$svc.sh" status || rc=1; done
        exit "$rc"
        ;;
    logs)
        files=()
        for svc in $(targets "$what"); do files+=("$LOG_DIR/$svc.log"); done
        if [[ -t 1 ]]; then exec tail -n 100 -F "${files[@]}"; fi
        tail -n 200 "${files[@]}"
        ;;
    env) print_env ;;
    *) usage ;;
esac
