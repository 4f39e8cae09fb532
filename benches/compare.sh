#!/usr/bin/env bash
# frt side by side with Redis, in one session, on this machine (loopback only).
#
#   bash benches/compare.sh            # R=3 runs of everything, ~6 minutes on 2 cores
#   R=5 STEPS="kit bench shell" bash benches/compare.sh
#
# Needs: a release build (built here if missing), python3, and from Debian
#   apt-get install -y redis-server redis-tools nats-server hyperfine curl
# plus the shared bench kit (set KIT to its directory) for fanout.py, latency.py
# and conn_memory.py, which measure frt and Redis with the same client.
# Run nothing else meanwhile: a background build halves every figure.
#
# Steps (STEPS):
#   kit    the kit's latency.py, fanout.py (1 and 100 subscribers) and conn_memory.py,
#          against `frt serve` and against redis-server
#   bench  `frt bench` latency, throughput, fanout, connections against the same hub,
#          and latency on an embedded hub pinned to the client's core
#   big    10,000 subscriptions on one key, one publish to all (frt bench fanout), and
#          the same against Redis (the kit's redis_big_fanout.py)
#   lines  `seq N | frt publish --lines` to `frt subscribe --count N`, end to end
#   cluster two hubs over the Redis above (DB 1): the kit's latency.py with the
#          publisher on one hub and the subscriber on the other, on one hub of the
#          cluster, and on the single hub; fanout.py (100 subscribers) across the two
#          hubs and on the single hub; Redis's own PUBLISH round trip as the floor
#   shell  hyperfine: one-shot `frt publish`, `frt subscribe --count 1` (an event
#          replayed at once, so nothing is waited for), curl POST, redis-cli PUBLISH,
#          and the kit's std-only Rust one-shot POST (the floor for a Rust CLI)
# NATS (Debian's nats-server) joins the kit's latency and fan-out runs when installed.
# Every figure is printed as a RESULT line; the medians come last.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
R=${R:-3}
KIT=${KIT:-$ROOT/../shared/bench}
STEPS=${STEPS:-"kit bench big lines cluster shell"}
FRT=${FRT:-$ROOT/target/release/frt}
PY=${PY:-python3}
RUN=$(mktemp -d /tmp/frt-compare.XXXXXX)
LOG=$RUN/results.log
PIDS=()
step() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; return 1; }
note() { echo "# $*" | tee -a "$LOG"; }

[ -x "$FRT" ] || cargo build --release --locked || exit 1
note "compare $(date -Is) host=$(hostname) cores=$(nproc) kernel=$(uname -r) R=$R frt=$($FRT --version)"
note "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The hub under test: one event-loop thread (the default), rate limit off.
STATE=$RUN/state
# A deeper per-connection queue, like the kit's Redis (client-output-buffer-limit
# 256mb): the load generator's own readers must never be cut as slow consumers.
"$FRT" serve --addr 127.0.0.1:18700 --state-dir "$STATE" --rate-limit off --queue-limit 65536 >"$RUN/hub.out" 2>"$RUN/hub.err" &
PIDS+=($!)
HUB_PID=$!
wait_port 18700 || exit 1
KEY=$($PY -c "import json,sys;print(json.load(open(sys.argv[1]))['apiKey'])" "$STATE/hub.json")
CTX=$($PY -c "import base64,json;print(base64.urlsafe_b64encode(json.dumps({'installationId':'bench','moduleKey':'kit'}).encode()).decode().rstrip('='))")
export BENCH_HEADERS="Authorization: Bearer $KEY|x-forge-context-token: $CTX"
export FRT_STATE_DIR=$STATE
PUB=http://127.0.0.1:18700/forge/realtime/v1/publish
SUB=ws://127.0.0.1:18700/forge/realtime/v1/subscribe

if command -v redis-server >/dev/null; then
  redis-server --port 16379 --bind 127.0.0.1 --save '' --appendonly no --maxclients 20000 \
    --client-output-buffer-limit 'pubsub 256mb 64mb 60' >/dev/null 2>&1 &
  PIDS+=($!)
  REDIS_PID=$!
  wait_port 16379 || REDIS_PID=""
else
  REDIS_PID=""
  note "redis-server not installed: apt-get install -y redis-server redis-tools"
fi

if command -v nats-server >/dev/null; then
  nats-server -a 127.0.0.1 -p 14222 >/dev/null 2>&1 &
  PIDS+=($!)
  NATS_PID=$!
  wait_port 14222 || NATS_PID=""
else
  NATS_PID=""
  note "nats-server not installed: apt-get install -y nats-server"
fi

# Pins every thread of a process (and the next client) to CPU 0, or undoes it.
pin() { for t in /proc/"$1"/task/*; do taskset -p -c "$2" "${t##*/}" >/dev/null 2>&1; done; }
ALL_CPUS=0-$(($(nproc) - 1))

if step kit && [ -d "$KIT" ]; then
  # Latency once more with server and client on one core: on a small VM a wake-up
  # across cores costs more than either server's own work, and the scheduler
  # decides differently from run to run.
  for r in $(seq "$R"); do
    pin "$HUB_PID" 0
    timeout 60 taskset -c 0 $PY "$KIT/latency.py" --target ws --ws-pub http --pub-url "$PUB" \
      --pub-body '{"name":"lat","payload":"{payload}"}' --sub-url "$SUB" \
      --subscribe-msg '{"type":"subscribe","id":"s","channel":"lat"}' --sub-ready-token subscribed \
      --samples 1000 --label frt-samecore 2>&1 | tail -1 | tee -a "$LOG"
    pin "$HUB_PID" "$ALL_CPUS"
    if [ -n "$REDIS_PID" ]; then
      pin "$REDIS_PID" 0
      timeout 60 taskset -c 0 $PY "$KIT/latency.py" --target redis --port 16379 --samples 1000 --label redis-samecore 2>&1 | tail -1 | tee -a "$LOG"
      pin "$REDIS_PID" "$ALL_CPUS"
    fi
  done
  for r in $(seq "$R"); do
    timeout 60 $PY "$KIT/latency.py" --target ws --ws-pub http --pub-url "$PUB" \
      --pub-body '{"name":"lat","payload":"{payload}"}' --sub-url "$SUB" \
      --subscribe-msg '{"type":"subscribe","id":"s","channel":"lat"}' --sub-ready-token subscribed \
      --samples 1000 --label frt 2>&1 | tail -1 | tee -a "$LOG"
    [ -n "$REDIS_PID" ] && timeout 60 $PY "$KIT/latency.py" --target redis --port 16379 --samples 1000 --label redis 2>&1 | tail -1 | tee -a "$LOG"
    [ -n "$NATS_PID" ] && timeout 60 $PY "$KIT/latency.py" --target nats --port 14222 --samples 1000 --label nats 2>&1 | tail -1 | tee -a "$LOG"
    for subs in 1 100; do
      m=$([ $subs = 1 ] && echo 200000 || echo 20000)
      timeout 90 $PY "$KIT/fanout.py" --target ws --ws-pub http --subs $subs --msgs $m --pub-url "$PUB" \
        --pub-body '{"name":"bench","payload":"{payload}"}' --sub-url "$SUB" \
        --subscribe-msg '{"type":"subscribe","id":"s","channel":"bench"}' --sub-ready-token subscribed \
        --server-pid "$HUB_PID" --label frt 2>&1 | tail -1 | tee -a "$LOG"
      rm=$([ $subs = 1 ] && echo 1500000 || echo 50000)
      [ -n "$REDIS_PID" ] && timeout 90 $PY "$KIT/fanout.py" --target redis --port 16379 --subs $subs --msgs $rm \
        --server-pid "$REDIS_PID" --label redis 2>&1 | tail -1 | tee -a "$LOG"
      [ -n "$NATS_PID" ] && timeout 90 $PY "$KIT/fanout.py" --target nats --port 14222 --subs $subs --msgs $rm \
        --server-pid "$NATS_PID" --label nats 2>&1 | tail -1 | tee -a "$LOG"
    done
  done
  timeout 120 $PY "$KIT/conn_memory.py" --server-pid "$HUB_PID" --target ws --sub-url "$SUB" \
    --subscribe-msg '{"type":"subscribe","id":"s","channel":"c{i}"}' --sub-ready-token subscribed \
    --conns 2000 --label frt 2>&1 | tail -1 | tee -a "$LOG"
  [ -n "$REDIS_PID" ] && timeout 120 $PY "$KIT/conn_memory.py" --server-pid "$REDIS_PID" --target redis --port 16379 \
    --conns 2000 --label redis 2>&1 | tail -1 | tee -a "$LOG"
fi

if step bench; then
  # Against the same `frt serve` the kit measures, so the two can be compared; and
  # latency once more on an embedded hub pinned to the client's core.
  for r in $(seq "$R"); do
    for s in latency throughput fanout connections; do
      echo "RESULT frt_bench $("$FRT" bench "$s" --endpoint http://127.0.0.1:18700 -o json 2>/dev/null)" | tee -a "$LOG"
    done
    echo "RESULT frt_bench $("$FRT" bench latency -o json 2>/dev/null)" | tee -a "$LOG"
  done
fi

if step big; then
  # 10,000 subscriptions (one connection each) on one key, one publish to all.
  # Arrival times are the kernel's receive timestamps; see `frt bench --help`.
  "$FRT" serve --addr 127.0.0.1:18710 --state-dir "$RUN/state2" --rate-limit off --workers 2 >/dev/null 2>&1 &
  PIDS+=($!)
  wait_port 18710
  for r in $(seq "$R"); do
    echo "RESULT frt_big $("$FRT" bench fanout --subs 10000 --msgs 1 --endpoint http://127.0.0.1:18700 -o json 2>/dev/null)" | tee -a "$LOG"
    echo "RESULT frt_big2 $(FRT_STATE_DIR=$RUN/state2 "$FRT" bench fanout --subs 10000 --msgs 1 --endpoint http://127.0.0.1:18710 -o json 2>/dev/null)" | tee -a "$LOG"
    # The Redis anchor: the same shape (10,000 sockets, one PUBLISH, kernel receive
    # timestamps), through the kit's own script.
    if [ -n "$REDIS_PID" ] && [ -f "$KIT/redis_big_fanout.py" ]; then
      timeout 120 $PY "$KIT/redis_big_fanout.py" 10000 16379 2>&1 | tail -1 |
        sed -E 's/^redis ([0-9]+) subscribers: delivered ([0-9]+) p50 ([0-9.]+) ms p99 ([0-9.]+) ms.*/RESULT redis_big subs=\1 delivered=\2 p50_ms=\3 p99_ms=\4/' | tee -a "$LOG"
    fi
  done
fi

if step cluster && [ -n "$REDIS_PID" ] && [ -d "$KIT" ]; then
  # Two hubs sharing the Redis above (database 1, away from the kit's channels).
  for port in 18711 18712; do
    "$FRT" serve --addr 127.0.0.1:$port --state-dir "$RUN/cluster-$port" --rate-limit off \
      --queue-limit 65536 --redis redis://127.0.0.1:16379/1 >"$RUN/c$port.out" 2>"$RUN/c$port.err" &
    PIDS+=($!)
    wait_port $port || exit 1
  done
  C2_PID=${PIDS[-1]}  # the subscribers' hub: it does the fan-out
  CKEY=$($PY -c "import json,sys;print(json.load(open(sys.argv[1]))['apiKey'])" "$RUN/cluster-18711/hub.json")
  CPUB=http://127.0.0.1:18711/forge/realtime/v1/publish
  CSUB_OTHER=ws://127.0.0.1:18712/forge/realtime/v1/subscribe
  CSUB_SAME=ws://127.0.0.1:18711/forge/realtime/v1/subscribe
  SUBMSG='{"type":"subscribe","id":"s","channel":"lat"}'
  for r in $(seq "$R"); do
    for target in "frt-cluster-cross $CPUB $CSUB_OTHER $CKEY" "frt-cluster-same $CPUB $CSUB_SAME $CKEY" "frt $PUB $SUB $KEY"; do
      set -- $target
      BENCH_HEADERS="Authorization: Bearer $4|x-forge-context-token: $CTX" timeout 60 $PY "$KIT/latency.py" \
        --target ws --ws-pub http --pub-url "$2" --pub-body '{"name":"lat","payload":"{payload}"}' \
        --sub-url "$3" --subscribe-msg "$SUBMSG" --sub-ready-token subscribed \
        --samples 1000 --label "$1" 2>&1 | tail -1 | tee -a "$LOG"
    done
    timeout 60 $PY "$KIT/latency.py" --target redis --port 16379 --samples 1000 --label redis-publish-floor 2>&1 | tail -1 | tee -a "$LOG"
    for target in "frt-cluster-cross $CPUB $CSUB_OTHER $CKEY $C2_PID" "frt $PUB $SUB $KEY $HUB_PID"; do
      set -- $target
      BENCH_HEADERS="Authorization: Bearer $4|x-forge-context-token: $CTX" timeout 90 $PY "$KIT/fanout.py" \
        --target ws --ws-pub http --subs 100 --msgs 20000 --pub-url "$2" \
        --pub-body '{"name":"bench","payload":"{payload}"}' --sub-url "$3" \
        --subscribe-msg '{"type":"subscribe","id":"s","channel":"bench"}' --sub-ready-token subscribed \
        --server-pid "$5" --label "$1" 2>&1 | tail -1 | tee -a "$LOG"
    done
  done
fi

if step lines; then
  N=${LINES_N:-1000000}
  seq "$N" >"$RUN/lines.txt"
  for r in $(seq "$R"); do
    "$FRT" subscribe lines --count "$N" -o raw >/dev/null 2>"$RUN/sub.err" &
    SP=$!
    for _ in $(seq 100); do grep -q subscribed "$RUN/sub.err" 2>/dev/null && break; sleep 0.05; done
    start=$(date +%s.%N)
    "$FRT" publish lines --file "$RUN/lines.txt" --lines 2>/dev/null
    wait "$SP"
    end=$(date +%s.%N)
    echo "RESULT frt_lines events=$N events_per_s=$($PY -c "print(round($N/($end-$start)))")" | tee -a "$LOG"
  done
fi

if step shell && command -v hyperfine >/dev/null; then
  # One event held for replay: `subscribe --count 1 --replay-seconds` gets it at once.
  "$FRT" subscribe lit -o raw >/dev/null 2>&1 &
  ANCHOR=$!
  PIDS+=($ANCHOR)
  sleep 0.3
  "$FRT" publish lit hello >/dev/null
  # The kit's std-only Rust one-shot POST: the floor for a CLI written in Rust.
  FLOOR="/bin/true"
  if [ -f "$KIT/peers/oneshot.rs" ] && rustc -O --edition 2021 "$KIT/peers/oneshot.rs" -o "$RUN/oneshot" 2>/dev/null; then
    FLOOR="$RUN/oneshot post 127.0.0.1:18700 /forge/realtime/v1/publish x"
  fi
  for r in $(seq "$R"); do
    hyperfine -N -i --warmup 20 --runs 300 --export-json "$RUN/hf.json" \
      "$FRT publish bench x -o raw" \
      "$FRT subscribe lit --count 1 --replay 300s -o raw" \
      "curl -s -o /dev/null -X POST -H 'authorization: Bearer $KEY' -H 'x-forge-context-token: $CTX' -d '{\"name\":\"bench\",\"payload\":\"x\"}' $PUB" \
      "redis-cli -p 16379 PUBLISH bench x" \
      "$FLOOR" \
      "/bin/true" >/dev/null 2>&1
    $PY - "$RUN/hf.json" <<'EOF' | tee -a "$LOG"
import json, sys
names = ["frt_publish", "frt_subscribe_count1", "curl_post", "redis_cli_publish", "rust_std_floor", "true"]
for name, r in zip(names, json.load(open(sys.argv[1]))["results"]):
    print("RESULT hyperfine %s median_ms=%.2f mean_ms=%.2f" % (name, r["median"] * 1000, r["mean"] * 1000))
EOF
  done
fi

note "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
$PY "$ROOT/benches/summarize.py" "$LOG"
