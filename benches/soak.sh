#!/usr/bin/env bash
# The soak (RELIABILITY.md): one release hub under churn, cut links, slow and silent
# readers, expiring tokens, rate-limited publishers on REST, GraphQL and the stream,
# and one kill -9, for SOAK_S seconds (600 by default). Loopback only; it stops by
# itself and exits non-zero if anything acknowledged was lost or duplicated, or the
# hub crashed. The last line is the JSON report.
#
#   bash benches/soak.sh             # 10 minutes
#   SOAK_S=60 bash benches/soak.sh   # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin frt
FRT_BIN="$PWD/target/release/frt" SOAK_S="${SOAK_S:-600}" cargo bench --locked --bench soak
