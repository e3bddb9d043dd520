#!/usr/bin/env bash
# Live preview: time from a template edit to the new pages being ready to serve (render
# + layout + page comparison, as the server logs it; the 25 ms debounce and the
# browser's fetch of the changed pages come on top), with the full example report.
#
#   bench/preview.sh [EDITS=15]
#   BIN=/path/to/juesuan bench/preview.sh …     # another build of juesuan
#
# Edits a heading of 第二部分 EDITS times, 1.5 s apart, and prints the median of the
# server's "合计" per edit. For the time until the page shows the edit in a browser:
# `cargo test --release --test preview -- --nocapture`.
set -euo pipefail

EDITS=${1:-15}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin juesuan
BIN=${BIN:-target/release/juesuan}
WORK=$(mktemp -d)
PID=
cleanup() {
    [[ -n "$PID" ]] && kill "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cp data/example/dongqu-media-2023.yaml "$WORK/unit.yaml"
"$BIN" templates export "$WORK/tpl" >/dev/null 2>&1
"$BIN" preview "$WORK/unit.yaml" --templates "$WORK/tpl" --serve 127.0.0.1:0 >"$WORK/out.txt" 2>"$WORK/log.txt" &
PID=$!
for _ in $(seq 100); do
    grep -q '第1版' "$WORK/log.txt" 2>/dev/null && break
    sleep 0.2
done
for i in $(seq "$EDITS"); do
    sed -i "s/总体情况说明/总体情况说明$i/" "$WORK/tpl/part2/s01-total.typ"
    sleep 1.5
done
kill "$PID"
PID=
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
grep '^第1版' "$WORK/log.txt" | sed 's/^/首次：/'
times=$(grep '^第[0-9]*版' "$WORK/log.txt" | tail -n +2 | sed -n 's/.*合计 \([0-9.]*\) ms.*/\1/p')
n=$(echo "$times" | grep -c .)
echo "程序：$BIN；$(nproc) 核；负载 $(cut -d' ' -f1-3 /proc/loadavg)"
echo "模板修改 → 新页面就绪（不含 25 ms 去抖与浏览器取页）：$n 次，中位数 $(echo "$times" | median) ms，各次 $(echo $times)"
