#!/usr/bin/env bash
# Runs every fuzz target for a while and fails on any crash, hang or
# out-of-memory.
#
#   fuzz/run.sh [seconds-per-target]     (default 30)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Environment:
#   FUZZ_JOBS     targets run at once (default 1; each uses one core)
#   FUZZ_TARGETS  space-separated subset of targets (default: all)
#   FUZZ_OUT      where logs and the grown corpora go (default: a temp dir)
#
# The checked-in seeds under fuzz/corpus/<target>/ are only read; what the
# fuzzer finds goes to $FUZZ_OUT/corpus/<target>/. Crash inputs are written to
# fuzz/artifacts/<target>/; replay one with
#   cargo +nightly fuzz run -s none -a <target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-30}
jobs=${FUZZ_JOBS:-1}
out=${FUZZ_OUT:-$(mktemp -d -t mxp-fuzz.XXXXXX)}
mkdir -p "$out/logs" "$out/corpus"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz/run.sh: the nightly toolchain is not installed" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz/run.sh: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
  exit 2
fi

# -s none: the library crates forbid unsafe code, so AddressSanitizer adds
# little and costs several times the speed. -a: debug assertions, so integer
# overflow panics (P1-08 depth arithmetic and the like).
flags=(-s none -a)
targets=${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}

echo "== building fuzz targets"
cargo +nightly fuzz build "${flags[@]}"

run_one() {
  local t=$1
  mkdir -p "$out/corpus/$t" "artifacts/$t"
  local log="$out/logs/$t.log"
  local status=0
  # The grown corpus first (libFuzzer writes new inputs to the first
  # directory), the seeds second. -timeout: an input slower than 10 s is a
  # hang; -rss_limit_mb: more than 2 GiB is unbounded allocation.
  cargo +nightly fuzz run "${flags[@]}" "$t" "$out/corpus/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  echo "$status" >"$out/logs/$t.status"
}

echo "== fuzzing for ${seconds}s per target, $jobs at a time; logs in $out/logs"
running=0
for t in $targets; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=0
printf '%-16s %12s %8s %8s  %s\n' target executions cov features result
for t in $targets; do
  log="$out/logs/$t.log"
  status=$(cat "$out/logs/$t.status" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -n1 | cut -d' ' -f2)
  ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -n1 | cut -d' ' -f2)
  if [ "$status" = 0 ]; then
    result=ok
  else
    result="FAILED (exit $status; see $log)"
    failed=1
  fi
  printf '%-16s %12s %8s %8s  %s\n' "$t" "${execs:--}" "${cov:--}" "${ft:--}" "$result"
done

if [ "$failed" != 0 ]; then
  for t in $targets; do
    if [ "$(cat "$out/logs/$t.status" 2>/dev/null || echo 1)" != 0 ]; then
      echo "---- $t (last lines of $out/logs/$t.log)"
      grep -v '^#[0-9]' "$out/logs/$t.log" | tail -n 40
    fi
  done
  echo "fuzz/run.sh: at least one target crashed, hung or ran out of memory" >&2
  exit 1
fi
echo "fuzz/run.sh: every target ran ${seconds}s without a crash"
