#!/usr/bin/env bash
# One cold `juesuan build` of the example against the typst engine alone compiling the
# baseline source (bench/baseline/report.typ: the --typst-out of the example before the
# table rework, a straightforward hand-written-style Typst source of the same pages),
# with the same typst, fonts and PDF/A export (examples/typst_compile.rs).
#
#   bench/build.sh [RUNS=10]
#   BIN=/path/to/other/juesuan bench/build.sh     # measure another build of juesuan too
#   CALLGRIND=1 bench/build.sh                    # plus instruction counts (valgrind)
#
# Runs alternate (engine, build, engine, build …) so that load from other processes hits
# both alike; medians of wall and CPU (user+sys) time and peak RSS come from
# /usr/bin/time -v. The figure that travels between machines is the ratio. On a shared
# machine prefer the CPU and instruction ratios to wall time.
set -euo pipefail

RUNS=${1:-10}
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin juesuan --example typst_compile
NEW=target/release/juesuan
ENGINE=target/release/examples/typst_compile
EXAMPLE=data/example/dongqu-media-2023.yaml
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The current markup, for the engine alone (our own work excluded).
mkdir -p "$WORK/now"
"$NEW" build "$EXAMPLE" -o "$WORK/now.pdf" --typst-out "$WORK/now/report.typ" --charts-dir "$WORK/now" 2>/dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME COMMAND… : appends "wall cpu rss_kb" to $WORK/NAME.txt
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>&1
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
        /User time|System time/ { c += $2 }
        /Maximum resident set size/ { r = $2 }
        END { print w, c, r }' "$WORK/time.txt" >>"$WORK/$name.txt"
}

declare -a NAMES=(engine_baseline build engine_now)
[[ -n "${BIN:-}" ]] && NAMES+=(other)
for ((i = 1; i <= RUNS; i++)); do
    measure engine_baseline "$ENGINE" bench/baseline/report.typ -o "$WORK/e.pdf"
    measure build "$NEW" build "$EXAMPLE" -o "$WORK/b.pdf"
    measure engine_now "$ENGINE" "$WORK/now/report.typ" -o "$WORK/n.pdf"
    [[ -n "${BIN:-}" ]] && measure other "$BIN" build "$EXAMPLE" -o "$WORK/o.pdf"
done

col() { awk -v k="$2" '{print $k}' "$WORK/$1.txt" | median; }
echo "机器：$(nproc) 核，$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)；负载 $(cut -d' ' -f1-3 /proc/loadavg)；每项 $RUNS 次交替运行，取中位数"
printf '%-34s %10s %10s %10s\n' "" "墙钟(秒)" "CPU(秒)" "峰值RSS(MB)"
label() {
    case $1 in
        engine_baseline) echo "引擎编译基线源（bench/baseline）" ;;
        build) echo "juesuan build 示例（冷启动）" ;;
        engine_now) echo "引擎编译当前生成的源" ;;
        other) echo "BIN=${BIN:-} build 示例" ;;
    esac
}
for n in "${NAMES[@]}"; do
    printf '%-34s %10.3f %10.3f %10.0f\n' "$(label "$n")" "$(col "$n" 1)" "$(col "$n" 2)" "$(echo "$(col "$n" 3) / 1024" | bc -l)"
done
ratio() { echo "$(col "$1" "$3") / $(col "$2" "$3")" | bc -l | xargs printf '%.2f'; }
echo "build / 引擎基线：墙钟 $(ratio build engine_baseline 1)，CPU $(ratio build engine_baseline 2)（目标 ≤ 0.5）"
echo "当前标记 / 基线标记（引擎单独）：墙钟 $(ratio engine_now engine_baseline 1)，CPU $(ratio engine_now engine_baseline 2)"
[[ -n "${BIN:-}" ]] && echo "BIN / 引擎基线：墙钟 $(ratio other engine_baseline 1)，CPU $(ratio other engine_baseline 2)"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
echo "页数：基线 $(pages "$WORK/e.pdf")，当前 $(pages "$WORK/b.pdf")"

if [[ "${CALLGRIND:-0}" == 1 ]]; then
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
    eb=$(ir "$ENGINE" bench/baseline/report.typ -o "$WORK/e.pdf")
    bb=$(ir "$NEW" build "$EXAMPLE" -o "$WORK/b.pdf")
    en=$(ir "$ENGINE" "$WORK/now/report.typ" -o "$WORK/n.pdf")
    echo "指令数（callgrind，不受负载影响）：引擎基线 $eb，build $bb，引擎当前源 $en"
    echo "build / 引擎基线 = $(echo "$bb / $eb" | bc -l | xargs printf '%.2f')；当前标记 / 基线标记 = $(echo "$en / $eb" | bc -l | xargs printf '%.2f')"
    if [[ -n "${BIN:-}" ]]; then
        ob=$(ir "$BIN" build "$EXAMPLE" -o "$WORK/o.pdf")
        echo "BIN build $ob = 引擎基线的 $(echo "$ob / $eb" | bc -l | xargs printf '%.2f')"
    fi
fi
