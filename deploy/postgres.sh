#!/usr/bin/env bash
# Native PostgreSQL (Debian's server package) on 127.0.0.1:15432 with its own
# data dir under .local/, role and database `touchline`.
# Usage: deploy/postgres.sh up|down|status|purge   (normally via deploy/infra.sh)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_ROOT="$LOCAL_DIR/postgres"
DATA="$PG_ROOT/data"
RUN_DIR="$PG_ROOT/run"
LOGFILE="$LOG_DIR/postgres.log"
PG_ROLE=touchline
PG_PASSWORD=touchline
PG_DB=touchline

# Postgres refuses to run as root. As root we run it as an unprivileged system
# user (Debian's package creates `postgres`); as anyone else, as ourselves.
if ((EUID == 0)); then
    PG_OS_USER="${TOUCHLINE_PG_OS_USER:-postgres}"
else
    PG_OS_USER="$(id -un)"
fi

as_pg() {
    if ((EUID == 0)); then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# Newest server under /usr/lib/postgresql, else pg_config's; install the
# Debian package when it is missing and we are allowed to.
find_bindir() {
    local dir
    dir=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' -printf '%h\n' 2>/dev/null | sort -V | tail -n 1)
    if [[ -z $dir ]] && command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/postgres" ]]; then
        dir=$(pg_config --bindir)
    fi
    echo "$dir"
}

ensure_server() {
    PG_BIN=$(find_bindir)
    [[ -n $PG_BIN ]] && return 0
    ((EUID == 0)) || die "PostgreSQL server not installed: run 'sudo apt-get install -y postgresql' (Debian) and retry"
    log "postgres: installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; } \
        || die "apt-get install postgresql failed"
    PG_BIN=$(find_bindir)
    [[ -n $PG_BIN ]] || die "postgresql installed but no server binary found under /usr/lib/postgresql"
}

# As root: make sure the unprivileged user exists and can reach and own its
# directories (a clone under e.g. /root is not traversable by others).
prepare_dirs() {
    make_dirs "$PG_ROOT" "$RUN_DIR" "$LOG_DIR"
    touch "$LOGFILE"
    if ((EUID == 0)); then
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            log "postgres: creating system user $PG_OS_USER"
            useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
        fi
        local dir=$PG_ROOT
        while [[ $dir != / ]]; do
            dir=$(dirname "$dir")
            if ! runuser -u "$PG_OS_USER" -- test -x "$dir"; then
                log "postgres: granting o+x on $dir so that $PG_OS_USER can reach $PG_ROOT"
                chmod o+x "$dir"
            fi
        done
        runuser -u "$PG_OS_USER" -- test -x "$LOG_DIR" || chmod o+x "$LOG_DIR"
        chown "$PG_OS_USER" "$PG_ROOT" "$RUN_DIR" "$LOGFILE"
        # A data dir made by another user (or restored by root) must be owned
        # by the server's user, or postgres refuses to start.
        if [[ -d $DATA && $(stat -c %U "$DATA") != "$PG_OS_USER" ]]; then
            chown -R "$PG_OS_USER" "$DATA"
        fi
    fi
    chmod 700 "$RUN_DIR"
    # The socket path must fit in sun_path (107 bytes).
    ((${#RUN_DIR} + 17 <= 107)) || die "postgres: socket dir path too long ($RUN_DIR); set TOUCHLINE_LOCAL_DIR to a shorter path"
}

ensure_cluster() {
    if [[ ! -f $DATA/PG_VERSION ]]; then
        log "postgres: initdb in $DATA"
        rm -rf "$DATA"
        as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >>"$LOGFILE" 2>&1 \
            || { tail_log "$LOGFILE"; die "postgres: initdb failed, see $LOGFILE"; }
        echo "include_if_exists = 'touchline.conf'" | as_pg tee -a "$DATA/postgresql.conf" >/dev/null
    fi
    # Rewritten on every start so edits here reach existing clusters.
    # Durability settings (fsync, synchronous_commit, full_page_writes) stay at
    # their safe defaults on purpose: tests exercise crash safety.
    as_pg tee "$DATA/touchline.conf" >/dev/null <<EOF
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$RUN_DIR'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 64MB
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    # Socket: only the owner (and root), without password. TCP: password.
    as_pg tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
EOF
}

running() { [[ -f $DATA/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

# Superuser session over the private socket.
psql_admin() { as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$RUN_DIR" -p "$PG_PORT" -U postgres -d postgres; }

# What the application does: TCP, password, the touchline role and database.
client_check() {
    "$PG_BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 3 &&
        PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 "$PG_BIN/psql" -X -q -At \
            -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DB" -c 'select 1' >/dev/null 2>&1
}

bootstrap_roles() {
    psql_admin >/dev/null <<EOF
SELECT format('CREATE ROLE %I', '$PG_ROLE') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') \gexec
ALTER ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DB', '$PG_ROLE') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB') \gexec
EOF
}

up() {
    ensure_server
    prepare_dirs
    ensure_cluster
    if running; then
        as_pg "$PG_BIN/pg_ctl" -D "$DATA" reload >/dev/null
        client_check || die "postgres: running but 'select 1' as $PG_ROLE fails; see $LOGFILE"
        log "postgres: already running ($(head -n 1 "$DATA/postmaster.pid"))"
        return 0
    fi
    port_open "$PG_HOST" "$PG_PORT" && die "postgres: port $PG_PORT is taken by a server not started from $LOCAL_DIR (check: ss -ltnp)"
    rotate_log "$LOGFILE"
    log "postgres: starting ($PG_BIN, as $PG_OS_USER, timeout ${READY_TIMEOUT}s)"
    # -w waits until the server accepts connections (or fails).
    as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t "$READY_TIMEOUT" start >/dev/null \
        || { tail_log "$LOGFILE"; die "postgres: did not start, see $LOGFILE"; }
    bootstrap_roles || { tail_log "$LOGFILE"; die "postgres: could not create role/database, see $LOGFILE"; }
    client_check || { tail_log "$LOGFILE"; die "postgres: 'select 1' as $PG_ROLE fails, see $LOGFILE"; }
    log "postgres: ready on $PG_HOST:$PG_PORT (pid $(head -n 1 "$DATA/postmaster.pid"))"
}

down() {
    PG_BIN=$(find_bindir)
    if [[ -n $PG_BIN ]] && running; then
        log "postgres: stopping"
        # fast: roll back open transactions and stop now, checkpointing cleanly.
        as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null \
            || as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null
    fi
    log "postgres: stopped"
}

status() {
    PG_BIN=$(find_bindir)
    if [[ -z $PG_BIN ]] || ! running; then
        echo "postgres: stopped"
        return 3
    fi
    if client_check; then
        echo "postgres: running (pid $(head -n 1 "$DATA/postmaster.pid")) and answering on $PG_HOST:$PG_PORT"
    else
        echo "postgres: running but NOT answering on $PG_HOST:$PG_PORT; see $LOGFILE"
        return 1
    fi
}

purge() {
    down
    rm -rf "$PG_ROOT" "$LOGFILE"
    log "postgres: data deleted"
}

component_main "$@"
