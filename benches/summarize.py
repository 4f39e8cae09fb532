#!/usr/bin/env python3
"""Medians of the RESULT lines written by benches/compare.sh, with ratios to Redis.

    python3 benches/summarize.py /tmp/frt-compare.*/results.log
"""
import json
import statistics
import sys
from collections import defaultdict


def kv(line):
    out = {}
    for tok in line.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            out[k] = v
    return out


def main(paths):
    vals = defaultdict(list)
    for path in paths:
        for line in open(path):
            if not line.startswith("RESULT "):
                continue
            if line.startswith(("RESULT frt_big ", "RESULT frt_big2 ", "RESULT frt_bench ")):
                try:
                    json.loads(line.split(" ", 2)[2])
                except (ValueError, IndexError):
                    vals["failed runs"].append(1)
                    continue
            if line.startswith(("RESULT frt_big ", "RESULT frt_big2 ")):
                tag, doc = line.split(" ", 2)[1:]
                r = json.loads(doc)["result"]
                hub = "1 worker" if tag == "frt_big" else "2 workers"
                vals["10k subscriptions (%s): delivered of 10000" % hub].append(r["delivered"])
                vals["10k subscriptions (%s): delivery p50 ms" % hub].append(r["delivery_latency"]["p50_us"] / 1000)
                vals["10k subscriptions (%s): delivery p99 ms" % hub].append(r["delivery_latency"]["p99_us"] / 1000)
                continue
            if line.startswith("RESULT frt_bench "):
                doc = json.loads(line[len("RESULT frt_bench "):])
                s, r = doc["scenario"], doc["result"]
                if s == "latency":
                    where = "embedded same-core" if r.get("placement") == "same core" else "frt serve"
                    vals["bench latency p50 us (%s)" % where].append(r["p50_us"])
                    vals["bench latency p99 us (%s)" % where].append(r["p99_us"])
                elif s == "throughput":
                    vals["bench throughput events/s"].append(r["events_per_s"])
                elif s == "fanout":
                    vals["bench fanout-100 deliveries/s"].append(r["deliveries_per_s"])
                    vals["bench fanout-100 delivery p99 us"].append(r["delivery_latency"]["p99_us"])
                    if r.get("hub_cpu_us_per_delivery") is not None:
                        vals["bench fanout-100 hub us/delivery"].append(r["hub_cpu_us_per_delivery"])
                elif s == "connections" and r.get("hub_bytes_per_subscription") is not None:
                    vals["bench hub KB per idle subscription"].append(r["hub_bytes_per_subscription"] / 1000)
                continue
            d = kv(line)
            label = d.get("label", "")
            if line.startswith("RESULT redis_big"):
                vals["10k subscriptions (Redis): delivered of 10000"].append(float(d["delivered"]))
                vals["10k subscriptions (Redis): delivery p50 ms"].append(float(d["p50_ms"]))
                vals["10k subscriptions (Redis): delivery p99 ms"].append(float(d["p99_ms"]))
            elif line.startswith("RESULT hyperfine"):
                name = line.split()[2]
                vals["one-shot %s ms" % name].append(float(d["median_ms"]))
            elif line.startswith("RESULT frt_lines"):
                vals["frt --lines end to end events/s"].append(float(d["events_per_s"]))
            elif line.startswith("RESULT conn_memory"):
                vals["kit %s KB per idle connection" % label].append(float(d["kb_per_conn"]))
            elif "p50_us" in d:
                vals["kit %s latency p50 us" % label].append(float(d["p50_us"]))
                vals["kit %s latency p99 us" % label].append(float(d["p99_us"]))
            elif "delivered_per_s" in d and d.get("partial") == "False" and d.get("misaligned", "0") == "0":
                vals["kit %s fanout-%s delivered/s" % (label, d["subs"])].append(float(d["delivered_per_s"]))
                if d.get("server_us_per_msg", "None") != "None":
                    vals["kit %s fanout-%s server us/msg" % (label, d["subs"])].append(float(d["server_us_per_msg"]))
    med = {k: statistics.median(v) for k, v in vals.items()}
    width = max((len(k) for k in med), default=10)
    print("%-*s  %12s  %5s  %s" % (width, "figure", "median", "runs", "min..max"))
    for k in sorted(med):
        v = vals[k]
        print("%-*s  %12.2f  %5d  %.2f..%.2f" % (width, k, med[k], len(v), min(v), max(v)))
    print()
    pairs = [
        ("kit frt latency p50 us", "kit redis latency p50 us", "latency p50, frt / Redis"),
        ("kit frt latency p99 us", "kit redis latency p99 us", "latency p99, frt / Redis"),
        ("kit frt-samecore latency p50 us", "kit redis-samecore latency p50 us", "latency p50 on one core, frt / Redis"),
        ("kit frt-samecore latency p99 us", "kit redis-samecore latency p99 us", "latency p99 on one core, frt / Redis"),
        ("kit frt fanout-100 server us/msg", "kit redis fanout-100 server us/msg", "fan-out 100 hub CPU per delivery, frt / Redis"),
        ("bench fanout-100 hub us/delivery", "kit frt fanout-100 server us/msg", "fan-out hub CPU, frt bench / kit (agreement)"),
        ("bench latency p50 us (embedded same-core)", "kit frt-samecore latency p50 us", "latency p50 one core, frt bench / kit (agreement)"),
        ("kit frt KB per idle connection", "kit redis KB per idle connection", "memory per idle subscription, frt / Redis"),
        ("kit frt fanout-1 server us/msg", "kit redis fanout-1 server us/msg", "hub CPU per single publish (1 subscriber), frt / Redis"),
        ("kit frt-samecore latency p50 us", "kit nats latency p50 us", "latency p50, frt one core / NATS"),
        ("kit frt fanout-100 server us/msg", "kit nats fanout-100 server us/msg", "fan-out 100 hub CPU per delivery, frt / NATS"),
        ("10k subscriptions (1 worker): delivery p99 ms", "10k subscriptions (Redis): delivery p99 ms", "10k fan-out p99, frt 1 worker / Redis"),
        ("10k subscriptions (2 workers): delivery p99 ms", "10k subscriptions (Redis): delivery p99 ms", "10k fan-out p99, frt 2 workers / Redis"),
        ("one-shot frt_publish ms", "one-shot rust_std_floor ms", "one-shot publish, frt / std-only Rust floor"),
        ("one-shot frt_publish ms", "one-shot curl_post ms", "one-shot publish, frt / curl"),
        ("one-shot frt_publish ms", "one-shot redis_cli_publish ms", "one-shot publish, frt / redis-cli"),
    ]
    for a, b, label in pairs:
        if a in med and b in med and med[b]:
            print("%-52s %.2fx" % (label, med[a] / med[b]))


if __name__ == "__main__":
    main(sys.argv[1:])
