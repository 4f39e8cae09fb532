#!/usr/bin/env bash
# How many acknowledged publishes a Sentinel failover loses, with and without WAIT
# (docs/cluster.md). A primary, two replicas and three sentinels on loopback ports
# 17301-17313, one hub over them, a publisher at full speed over one stream, and the
# primary killed (-9) three seconds in; then every acknowledged event id is looked
# up in the new primary's streams.
#
#   bash benches/failover_loss.sh 0    # acknowledge once the primary has it
#   bash benches/failover_loss.sh 1    # --redis-wait-replicas 1
set -u
cd "$(dirname "$0")/.."
FRT=${FRT:-$PWD/target/release/frt}
[ -x "$FRT" ] || cargo build --release --locked || exit 1
WAITN=${1:-0}
D=$(mktemp -d); cd $D
redis-server --port 17301 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir $D >/dev/null
for p in 17302 17303; do redis-server --port $p --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir $D --replicaof 127.0.0.1 17301 >/dev/null; done
for s in 17311 17312 17313; do printf "port $s\nbind 127.0.0.1\ndaemonize yes\ndir $D\nsentinel monitor m1 127.0.0.1 17301 2\nsentinel down-after-milliseconds m1 1000\nsentinel failover-timeout m1 5000\n" > s$s.conf; redis-server s$s.conf --sentinel; done
sleep 3
S=$D/state; mkdir -m 700 $S
$FRT serve --addr 127.0.0.1:17320 --state-dir $S --rate-limit off --redis redis+sentinel://127.0.0.1:17311,127.0.0.1:17312,127.0.0.1:17313/m1 --redis-wait-replicas $WAITN >/dev/null 2>$D/hub.err &
HUB=$!
sleep 2
FRT_STATE_DIR=$S $FRT sub loss -o raw >/dev/null 2>&1 &
SUB=$!
sleep 1
# Publish as fast as acknowledged, each id on stdout.
( FRT_STATE_DIR=$S timeout 25 $FRT pub loss 'x{{seq}}' -c 200000 -o json 2>/dev/null > $D/acks.json ) &
PUB=$!
sleep 3
kill -9 $(redis-cli -p 17301 info server | grep process_id | cut -d: -f2 | tr -d "\r")
wait $PUB
NEW=$(redis-cli -p 17311 sentinel get-master-addr-by-name m1 | tail -1)
D1=$(grep -c '"eventId":"' $D/acks.json)
python3 - "$D/acks.json" "$NEW" <<'PY'
import json,sys,subprocess
acks=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ids=[a.get("eventId") for a in acks if a.get("eventId")]
port=sys.argv[2]
keys=subprocess.run(["redis-cli","-p",port,"--scan","--pattern","frt:{*}:s"],capture_output=True,text=True).stdout.split()
stored=set()
for k in keys:
    out=subprocess.run(["redis-cli","-p",port,"XRANGE",k,"-","+"],capture_output=True,text=True).stdout.split()
    stored.update(x for x in out if "-" in x and x.replace("-","").isdigit())
def pos(u):
    h=u.replace("-","");v=int(h,16);ts=v>>80;seq=(((v>>64)&0xfff)<<30)|((v>>32)&0x3fffffff);return f"{ts}-{seq}"
lost=[i for i in ids if pos(i) not in stored]
print(f"acknowledged={len(ids)} lost_from_stream={len(lost)}")
PY
kill $SUB $HUB 2>/dev/null
for p in 17301 17302 17303 17311 17312 17313; do redis-cli -p $p shutdown nosave >/dev/null 2>&1; done
