#!/usr/bin/env bash
# The main job end to end: infrastructure up, services up, sample articles pushed, and the
# resulting player statuses shown once the pipeline has settled.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
touchline=.venv/bin/touchline
status_port="${TOUCHLINE_STATUS_HTTP_PORT:-18083}"

deploy/infra.sh up
scripts/services.sh start
"$touchline" push examples/ || [ $? -eq 1 ]  # exit 1 means some were rejected: still show the rest

# Wait until the number of pictures and their versions stop changing (the pipeline has
# drained), bounded so a broken pipeline fails the demo instead of hanging it.
fingerprint() {
  curl -fsS "http://127.0.0.1:$status_port/players?limit=500" 2>/dev/null | sha256sum | cut -c1-16
}
last="" stable=0
for _ in $(seq 1 120); do
  now=$(fingerprint || true)
  if [ -n "$now" ] && [ "$now" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
  last=$now
  [ "$stable" -ge 4 ] && break
  sleep 1
done
"$touchline" status
echo
echo "Services keep running: 'make down' stops everything. Logs: .local/logs/"
