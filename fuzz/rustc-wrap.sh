#!/bin/sh
# Instrument only the crates under test (juesuan and the fuzz target) for libFuzzer's
# coverage feedback; every dependency is reused from the ordinary release build.
rustc="$1"; shift
case " $* " in
  *" --crate-name juesuan "*|*" --crate-name load_and_audit "*)
    exec "$rustc" "$@" -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
      -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
      -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks ;;
  *) exec "$rustc" "$@" ;;
esac
