#!/usr/bin/env bash
# Start or stop the three Touchline services as background processes of this machine,
# each with its own log and pid file under .local/. Idempotent: start skips a service
# whose pid is alive; stop is quiet when nothing runs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_dir="${TOUCHLINE_LOCAL_DIR:-$repo/.local}"
run_dir="$local_dir/services"
log_dir="$local_dir/logs"
services=(ingest extract status)
mkdir -p "$run_dir" "$log_dir"

port_of() {
  case "$1" in
    ingest) echo "${TOUCHLINE_INGEST_HTTP_PORT:-18081}" ;;
    extract) echo "${TOUCHLINE_EXTRACT_HTTP_PORT:-18082}" ;;
    status) echo "${TOUCHLINE_STATUS_HTTP_PORT:-18083}" ;;
  esac
}

alive() { [ -f "$run_dir/$1.pid" ] && kill -0 "$(cat "$run_dir/$1.pid")" 2>/dev/null; }

wait_ready() {
  local name=$1 port deadline
  port=$(port_of "$name")
  deadline=$((SECONDS + ${TOUCHLINE_READY_TIMEOUT:-90}))
  until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
    if ! alive "$name"; then
      echo "touchline $name exited; last lines of $log_dir/$name.log:" >&2
      tail -n 30 "$log_dir/$name.log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "touchline $name not ready on :$port after waiting; see $log_dir/$name.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "touchline $name ready on :$port"
}

start() {
  for name in "${services[@]}"; do
    if alive "$name"; then
      echo "touchline $name already running (pid $(cat "$run_dir/$name.pid"))"
      continue
    fi
    # setsid: the service gets its own process group, so stop can end it and its children.
    setsid "$repo/.venv/bin/touchline" run "$name" >>"$log_dir/$name.log" 2>&1 < /dev/null &
    echo $! >"$run_dir/$name.pid"
  done
  for name in "${services[@]}"; do wait_ready "$name"; done
}

stop() {
  for name in "${services[@]}"; do
    alive "$name" || { rm -f "$run_dir/$name.pid"; continue; }
    local pid
    pid=$(cat "$run_dir/$name.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$run_dir/$name.pid"
    echo "touchline $name stopped"
  done
}

status() {
  for name in "${services[@]}"; do
    if alive "$name"; then echo "$name: running (pid $(cat "$run_dir/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
