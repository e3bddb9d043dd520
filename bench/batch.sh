#!/usr/bin/env bash
# Batch benchmark: a synthetic 100-unit district, `juesuan batch` against 100 separate
# `juesuan build` runs, peak memory of the batch, per-stage times.
#
#   bench/batch.sh [UNITS=100] [REPEATS=3] [JOBS=2]
#
# Prints the median of REPEATS runs for each measurement. The machine may be shared:
# repeat and compare medians, not single runs.
set -euo pipefail

UNITS=${1:-100}
REPEATS=${2:-3}
JOBS=${3:-2}
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin juesuan --example synth
BIN=target/release/juesuan
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

target/release/examples/synth "$UNITS" "$WORK/data" --seed 1 2>/dev/null
mapfile -t FILES < <(find "$WORK/data" -name '*.yaml' ! -name juesuan.yaml | sort)
echo "区：${#FILES[@]} 个单位（合成，种子 1），$(nproc) 核，并行 $JOBS"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

batch_times=()
batch_cpu=()
rss=()
for ((r = 1; r <= REPEATS; r++)); do
    rm -rf "$WORK/out"
    t0=$(now)
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" batch "$WORK/data" -o "$WORK/out" -j "$JOBS" --force \
        >"$WORK/batch.out" 2>"$WORK/batch.err" || true
    t1=$(now)
    batch_times+=("$(echo "$t1 - $t0" | bc -l)")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")")
    batch_cpu+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time.txt")")
    tail -n 1 "$WORK/batch.err"
done
ok=$(grep -c '' "$WORK/out/summary.csv")
echo "summary.csv 行数（含表头）：$ok；$(tail -n 1 "$WORK/batch.out")"

build_times=()
build_cpu=()
printf '%s\n' "${FILES[@]}" >"$WORK/files.txt"
for ((r = 1; r <= REPEATS; r++)); do
    t0=$(now)
    /usr/bin/time -v -o "$WORK/time-build.txt" bash -c \
        'while read -r f; do "$0" build "$f" -o "$1/single.pdf" 2>/dev/null; done <"$1/files.txt"' "$BIN" "$WORK"
    t1=$(now)
    build_times+=("$(echo "$t1 - $t0" | bc -l)")
    build_cpu+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time-build.txt")")
done

# A rerun with nothing changed (every unit up to date).
t0=$(now)
"$BIN" batch "$WORK/data" -o "$WORK/out" -j "$JOBS" >/dev/null 2>&1 || true
t1=$(now)
rerun=$(echo "$t1 - $t0" | bc -l)

bm=$(printf '%s\n' "${batch_times[@]}" | median)
sm=$(printf '%s\n' "${build_times[@]}" | median)
rm_kb=$(printf '%s\n' "${rss[@]}" | median)
echo "batch 全部重新生成：各次 ${batch_times[*]} 秒；中位数 $bm 秒 = $(echo "$UNITS / $bm" | bc -l | xargs printf '%.1f') 份/秒"
echo "100 次 build：各次 ${build_times[*]} 秒；中位数 $sm 秒；batch/build = $(echo "$bm / $sm" | bc -l | xargs printf '%.2f')"
echo "batch 峰值内存（RSS）：各次 ${rss[*]} KB；中位数 $(echo "$rm_kb / 1024" | bc -l | xargs printf '%.0f') MB"
bc_=$(printf '%s\n' "${batch_cpu[@]}" | median)
sc_=$(printf '%s\n' "${build_cpu[@]}" | median)
echo "CPU 时间（user+sys，不受他人占用影响）：batch 中位数 $bc_ 秒 = $(echo "1000 * $bc_ / $UNITS" | bc -l | xargs printf '%.0f') 毫秒/份；100 次 build 中位数 $sc_ 秒 = $(echo "1000 * $sc_ / $UNITS" | bc -l | xargs printf '%.0f') 毫秒/份"
echo "据此推算两核空闲时 batch 吞吐约 $(echo "$(nproc) * $UNITS / $bc_" | bc -l | xargs printf '%.0f') 份/秒（推算值，非实测）"
echo "无改动重跑：$(printf '%.2f' "$rerun") 秒"
