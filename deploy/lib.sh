# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables below are used by the scripts that source this file
# Shared helpers for deploy/*.sh. Sourced, never executed.
#
# Paths are derived from this file's location (never from cwd) so the scripts
# behave the same from make, CI, or any directory. TOUCHLINE_LOCAL_DIR moves
# all state (data, logs, pid files, jars) elsewhere, e.g. to run a second
# copy as another user without clashing with the default .local/.

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/.." && pwd)"
LOCAL_DIR="${TOUCHLINE_LOCAL_DIR:-$REPO_DIR/.local}"
LOG_DIR="$LOCAL_DIR/logs"
# Seconds to wait for a service to become ready before giving up.
READY_TIMEOUT="${TOUCHLINE_READY_TIMEOUT:-120}"

# Fixed endpoints of the native infrastructure (see deploy/README.md).
KAFKA_HOST=127.0.0.1
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
PG_HOST=127.0.0.1
PG_PORT=15432

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Show the end of a log file, to make a failure explain itself.
tail_log() {
    local file=$1
    [[ -f $file ]] || return 0
    log "last lines of $file:"
    tail -n 20 "$file" >&2 || true
}

# True when something accepts TCP connections on host:port.
# Pure bash (/dev/tcp): no nc dependency, and cheap enough to poll.
port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# True when the pid in $1 (a pid file) is alive and its command line contains
# $2. The match guards against a stale pid file whose pid was reused.
pid_alive() {
    local pidfile=$1 needle=$2 pid
    [[ -s $pidfile ]] || return 1
    pid=$(<"$pidfile")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# True while a process exists and is not a zombie (our daemons are reparented
# to PID 1, which may reap them late; a zombie holds no port and no file).
proc_alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

# Stop a process politely, then firmly: TERM, wait up to $2 seconds, KILL.
stop_pid() {
    local pid=$1 grace=$2 i
    if ! kill -TERM "$pid" 2>/dev/null; then
        proc_alive "$pid" && die "cannot stop pid $pid: it belongs to another user"
        return 0
    fi
    for ((i = 0; i < grace * 5; i++)); do
        proc_alive "$pid" || return 0
        sleep 0.2
    done
    log "pid $pid still running after ${grace}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
}

# Keep log files from growing without bound across many dev sessions.
rotate_log() {
    local file=$1
    if [[ -f $file ]] && (($(stat -c %s "$file") > 50 * 1024 * 1024)); then
        mv -f "$file" "$file.1"
    fi
}

# Create state directories, failing with a hint rather than a bare
# "Permission denied" when .local/ belongs to another user (e.g. root).
make_dirs() {
    local d
    for d in "$@"; do
        if ! mkdir -p "$d" 2>/dev/null || [[ ! -w $d ]]; then
            die "cannot write to $d (created by another user?): fix its owner or set TOUCHLINE_LOCAL_DIR to a directory of yours"
        fi
    done
}

# The entry point of a component script (kafka.sh, postgres.sh): run its function named
# by the first argument.
component_main() {
    case "${1:-}" in
        up | down | status | purge) "$1" ;;
        *) echo "usage: $0 up|down|status|purge" >&2; exit 2 ;;
    esac
}
