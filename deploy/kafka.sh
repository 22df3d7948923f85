#!/usr/bin/env bash
# Native single-node Apache Kafka (KRaft, broker+controller) on 127.0.0.1:19092.
# Usage: deploy/kafka.sh up|down|status|purge   (normally via deploy/infra.sh)
#
# Jars come from Maven Central through deploy/kafka/pom.xml (no tarball
# download, no Docker), so ~/.m2 caches them across runs.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K_DIR="$LOCAL_DIR/kafka"
LIBS="$K_DIR/libs"
DATA="$K_DIR/data"
CONF="$K_DIR/server.properties"
CLIENT_CONF="$K_DIR/client.properties"
PIDFILE="$K_DIR/kafka.pid"
LOGFILE="$LOG_DIR/kafka.log"
POM="$DEPLOY_DIR/kafka/pom.xml"
# Small heap: the machine has 2 cores and also runs Postgres and the services.
KAFKA_JVM_OPTS=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$DEPLOY_DIR/kafka/log4j2.xml" -cp "$LIBS/*")
# CLI tools (format, readiness probe) are short-lived: small heap, fast start.
TOOL_JVM_OPTS=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    "-Dlog4j2.configurationFile=$DEPLOY_DIR/kafka/log4j2-tools.xml" -cp "$LIBS/*")

need_java() {
    command -v java >/dev/null || die "java not found: install a JRE 17+ (apt-get install openjdk-17-jre-headless)"
}

# The stamp in libs/ is the pom's checksum, so bumping kafka.version (or any
# dependency) re-resolves, and an unchanged pom costs no Maven run at all.
jars_current() {
    [[ -f $LIBS/.stamp && $(<"$LIBS/.stamp") == "$(sha256sum "$POM" | cut -d' ' -f1)" ]]
}

# Copy the pinned jars into libs/ unless they are already there.
ensure_jars() {
    jars_current && return 0
    command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
    log "kafka: resolving jars with Maven (cached in ~/.m2 afterwards)"
    rm -rf "$LIBS"
    # Maven's output goes to the log: it is noise unless resolution fails.
    mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$LIBS" >>"$LOGFILE" 2>&1 \
        || { tail_log "$LOGFILE"; die "kafka: Maven could not resolve $POM"; }
    sha256sum "$POM" | cut -d' ' -f1 >"$LIBS/.stamp"
}

ktool() { java "${TOOL_JVM_OPTS[@]}" "$@"; }

render_config() {
    sed -e "s|@DATA_DIR@|$DATA|g" -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
        -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
        "$DEPLOY_DIR/kafka/server.properties.in" >"$CONF"
    # Short client timeouts: the readiness probe must fail fast when the
    # broker is down instead of retrying for the default 60 s.
    cat >"$CLIENT_CONF" <<EOF
request.timeout.ms=4000
default.api.timeout.ms=6000
EOF
}

# Format the KRaft storage once, with a cluster id generated once and kept in
# the data dir (so a re-format after a partial failure reuses it).
ensure_formatted() {
    [[ -f $DATA/kraft-combined-logs/meta.properties ]] && return 0
    mkdir -p "$DATA"
    if [[ ! -s $DATA/cluster-id ]]; then
        ktool kafka.tools.StorageTool random-uuid >"$DATA/cluster-id.tmp"
        mv "$DATA/cluster-id.tmp" "$DATA/cluster-id"
    fi
    log "kafka: formatting storage (cluster id $(<"$DATA/cluster-id"))"
    ktool kafka.tools.StorageTool format --ignore-formatted \
        -t "$(<"$DATA/cluster-id")" -c "$CONF" >>"$LOGFILE" 2>&1 \
        || { tail_log "$LOGFILE"; die "kafka: storage format failed, see $LOGFILE"; }
}

running() { pid_alive "$PIDFILE" "$CONF"; }

# A real client round trip (Admin describeCluster): fails when the broker is
# down or not serving, unlike a bare TCP check.
client_check() {
    ktool org.apache.kafka.tools.ClusterTool cluster-id \
        --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" --config "$CLIENT_CONF" >/dev/null 2>&1
}

up() {
    need_java
    make_dirs "$K_DIR" "$LOG_DIR"
    render_config
    if running; then
        # Jars are not touched here: the running broker has them open.
        jars_current || log "kafka: $POM changed; restart (down, up) to use it"
        client_check || die "kafka: process $(<"$PIDFILE") runs but does not answer; see $LOGFILE"
        log "kafka: already running (pid $(<"$PIDFILE"))"
        return 0
    fi
    ensure_jars
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" || port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
        die "kafka: port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by a process not started from $LOCAL_DIR (check: ss -ltnp)"
    fi
    ensure_formatted
    rotate_log "$LOGFILE"
    echo "==== $(date -Is) starting kafka" >>"$LOGFILE"
    # setsid + nohup: the broker must outlive the calling shell (make, CI
    # step) and its terminal. No job control here, so setsid does not fork
    # and $! is the JVM's pid. Stdout is the log: log4j2.xml logs to console.
    setsid nohup java "${KAFKA_JVM_OPTS[@]}" kafka.Kafka "$CONF" >>"$LOGFILE" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    wait_ready
}

wait_ready() {
    local start=$SECONDS
    log "kafka: waiting for 127.0.0.1:$KAFKA_PORT (timeout ${READY_TIMEOUT}s)"
    while ((SECONDS - start < READY_TIMEOUT)); do
        if ! running; then
            tail_log "$LOGFILE"
            die "kafka: broker exited during start-up, see $LOGFILE"
        fi
        if port_open "$KAFKA_HOST" "$KAFKA_PORT" && client_check; then
            log "kafka: ready on $KAFKA_HOST:$KAFKA_PORT after $((SECONDS - start))s (pid $(<"$PIDFILE"))"
            return 0
        fi
        sleep 1
    done
    tail_log "$LOGFILE"
    die "kafka: not ready after ${READY_TIMEOUT}s, see $LOGFILE"
}

down() {
    local pid
    if running; then
        pid=$(<"$PIDFILE")
        log "kafka: stopping pid $pid"
        stop_pid "$pid" 60
    fi
    # A broker whose pid file was lost: find it by its unique config path.
    for pid in $(pgrep -f -- "kafka.Kafka $CONF" || true); do
        log "kafka: stopping stray broker pid $pid"
        stop_pid "$pid" 60
    done
    rm -f "$PIDFILE"
    log "kafka: stopped"
}

status() {
    if ! running; then
        echo "kafka: stopped"
        return 3
    fi
    if client_check; then
        echo "kafka: running (pid $(<"$PIDFILE")) and answering on $KAFKA_HOST:$KAFKA_PORT"
    else
        echo "kafka: running (pid $(<"$PIDFILE")) but NOT answering on $KAFKA_HOST:$KAFKA_PORT; see $LOGFILE"
        return 1
    fi
}

purge() {
    down
    # Keep libs/: they only depend on the pom, and re-copying costs time.
    rm -rf "$DATA" "$CONF" "$CLIENT_CONF" "$LOGFILE"
    log "kafka: data deleted"
}

component_main "$@"
