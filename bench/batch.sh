#!/usr/bin/env bash
# Batch benchmark: a synthetic district of full reports (~35 pages each: text, charts,
# appendices, 13 tables), `juesuan batch` against separate `juesuan build` runs of the
# same files, with /usr/bin/time -v for CPU time and peak memory.
#
#   bench/batch.sh [UNITS=100] [REPEATS=3] [JOBS=2] [SINGLES=UNITS]
#   BIN=/path/to/juesuan bench/batch.sh …     # measure another build of juesuan
#
# Prints medians of REPEATS runs. The figures that travel between machines are the
# ratios: CPU per report of the batch against a separate build's (target ≤ 0.25), and
# reports per second against the machine's own build time. SINGLES separate builds (the
# first files) give the per-build CPU; fewer than UNITS saves time on slow machines.
set -euo pipefail

UNITS=${1:-100}
REPEATS=${2:-3}
JOBS=${3:-2}
SINGLES=${4:-$UNITS}
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin juesuan --example synth
BIN=${BIN:-target/release/juesuan}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

target/release/examples/synth "$UNITS" "$WORK/data" --seed 1 2>/dev/null
mapfile -t FILES < <(find "$WORK/data" -name '*.yaml' ! -name juesuan.yaml | sort)
echo "区：${#FILES[@]} 个单位（合成，种子 1）；$(nproc) 核，$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)；并行 $JOBS；负载 $(cut -d' ' -f1-3 /proc/loadavg)"
echo "程序：$BIN"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
cpu_of() { awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$1"; }
rss_of() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

batch_wall=() batch_cpu=() rss=()
for ((r = 1; r <= REPEATS; r++)); do
    rm -rf "$WORK/out"
    t0=$(now)
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" batch "$WORK/data" -o "$WORK/out" -j "$JOBS" --force \
        >"$WORK/batch.out" 2>"$WORK/batch.err" || true
    t1=$(now)
    batch_wall+=("$(echo "$t1 - $t0" | bc -l)")
    batch_cpu+=("$(cpu_of "$WORK/time.txt")")
    rss+=("$(rss_of "$WORK/time.txt")")
done
echo "$(tail -n 1 "$WORK/batch.out")"
grep '各阶段耗时' "$WORK/batch.err" || true

printf '%s\n' "${FILES[@]:0:$SINGLES}" >"$WORK/files.txt"
build_wall=() build_cpu=() build_rss=()
for ((r = 1; r <= REPEATS; r++)); do
    t0=$(now)
    /usr/bin/time -v -o "$WORK/time-build.txt" bash -c \
        'while read -r f; do "$0" build "$f" -o "$1/single.pdf" 2>/dev/null; done <"$1/files.txt"' "$BIN" "$WORK"
    t1=$(now)
    build_wall+=("$(echo "$t1 - $t0" | bc -l)")
    build_cpu+=("$(cpu_of "$WORK/time-build.txt")")
    /usr/bin/time -v -o "$WORK/time-one.txt" "$BIN" build "${FILES[0]}" -o "$WORK/one.pdf" 2>/dev/null
    build_rss+=("$(rss_of "$WORK/time-one.txt")")
done

# A rerun with nothing changed (every unit up to date).
t0=$(now)
"$BIN" batch "$WORK/data" -o "$WORK/out" -j "$JOBS" >/dev/null 2>&1 || true
t1=$(now)
rerun=$(echo "$t1 - $t0" | bc -l)

bw=$(printf '%s\n' "${batch_wall[@]}" | median)
bc_=$(printf '%s\n' "${batch_cpu[@]}" | median)
sw=$(printf '%s\n' "${build_wall[@]}" | median)
sc_=$(printf '%s\n' "${build_cpu[@]}" | median)
f() { echo "$1" | bc -l | xargs printf "%.${2:-2}f"; }
per_batch=$(f "1000 * $bc_ / $UNITS" 0)
per_build=$(f "1000 * $sc_ / $SINGLES" 0)
echo "batch 全部重新生成：各次 ${batch_wall[*]} 秒；中位数 $(f "$bw") 秒 = $(f "$UNITS / $bw" 1) 份/秒"
echo "单独 build（$SINGLES 次，逐个）：各次 ${build_wall[*]} 秒；每份墙钟 $(f "1000 * $sw / $SINGLES" 0) 毫秒"
echo "CPU（user+sys）：batch $per_batch 毫秒/份；单独 build $per_build 毫秒/份；batch/build = $(f "$per_batch / $per_build")（目标 ≤ 0.25）"
echo "按 CPU 推算 $(nproc) 核空闲时 batch 吞吐 $(f "$(nproc) * 1000 / $per_batch" 1) 份/秒；本机单独 build 每份 $(f "1000 * $sw / $SINGLES" 0) 毫秒墙钟"
echo "峰值内存（RSS）：batch 各次 ${rss[*]} KB，中位数 $(f "$(printf '%s\n' "${rss[@]}" | median) / 1024" 0) MB（目标 ≤ 400）；单独 build $(f "$(printf '%s\n' "${build_rss[@]}" | median) / 1024" 0) MB"
echo "无改动重跑：$(f "$rerun") 秒"
