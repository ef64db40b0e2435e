#!/usr/bin/env bash
# Micro-benchmarks for BENCHMARKS.md, measured as a shared, noisy machine
# needs: test binaries built once, then ROUNDS interleaved rounds
# of every benchmark at -count=1, so that each round's figures come from
# the same moment and ratios can be taken round by round; benchstat gives
# the medians. The load average is noted before each round.
#
#   bash examples/loadtest/bench.sh [out-dir]      # ROUNDS=6 by default
#
# Needs redis-server on PATH (or REDIS_URL) for the Redis store's cycles.
# benchstat runs through `go run` at a pinned version (golang.org/x/perf has
# no tags, so a pseudo-version), so nothing else needs to be installed.
set -euo pipefail

BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
cd "$(dirname "$0")/../.."

out=${1:-$(mktemp -d)}
rounds=${ROUNDS:-6}
mkdir -p "$out/bin"

if [ -z "${REDIS_URL:-}" ]; then
  port=$((20000 + RANDOM % 40000))
  rdir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$rdir" \
    --daemonize yes --pidfile "$rdir/redis.pid" --logfile "$rdir/redis.log"
  trap 'kill $(cat "$rdir/redis.pid"); rm -rf "$rdir"' EXIT
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$port/0"
fi

for p in xml kick flow flow/redisstore; do
  go test -c -o "$out/bin/$(basename "$p").test" "./$p"
done

: >"$out/loadavg.txt"
for r in $(seq 1 "$rounds"); do
  echo "round $r: $(cat /proc/loadavg)" | tee -a "$out/loadavg.txt"
  (cd xml && "$out/bin/xml.test" -test.run '^$' -test.benchmem -test.count 1 \
    -test.bench '^(BenchmarkBuildRender|BenchmarkRenderOnly|BenchmarkEncodingXML|BenchmarkHandWritten|BenchmarkParse|BenchmarkParseEtree)$') >>"$out/xml.txt"
  (cd kick && "$out/bin/kick.test" -test.run '^$' -test.benchmem -test.count 1 -test.bench 'Client_Kick') >>"$out/kick.txt"
  (cd flow && "$out/bin/flow.test" -test.run '^$' -test.benchmem -test.count 1 -test.bench '^BenchmarkKickCycle$') >>"$out/flow.txt"
  (cd flow/redisstore && "$out/bin/redisstore.test" -test.run '^$' -test.benchmem -test.count 1 -test.bench 'KickCycle') >>"$out/redisstore.txt"
done
# The scaling benchmarks take longer; SCALE_ROUNDS rounds (6).
for r in $(seq 1 "${SCALE_ROUNDS:-6}"); do
  echo "scale round $r: $(cat /proc/loadavg)" | tee -a "$out/loadavg.txt"
  (cd flow && "$out/bin/flow.test" -test.run '^$' -test.benchmem -test.count 1 \
    -test.bench '^(BenchmarkKickRoom|BenchmarkRegistry|BenchmarkPendingContinuations)$') >>"$out/scale.txt"
done

# ratio FILE A B: A's ns/op over B's, round by round (the n-th result of
# each is from round n), and their median.
ratio() {
  awk -v a="$2" -v b="$3" '
    $1 ~ "^Benchmark" a "(-[0-9]+)?$" { x[++na] = $3 }
    $1 ~ "^Benchmark" b "(-[0-9]+)?$" { y[++nb] = $3 }
    END {
      n = na < nb ? na : nb
      for (i = 1; i <= n; i++) { r[i] = x[i] / y[i]; printf "%.2f ", r[i] }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
      m = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
      printf "→ median %.2f\n", m
    }' "$1"
}

{
  echo "== ratios, round by round"
  echo "EncodingXML / BuildRender: $(ratio "$out/xml.txt" EncodingXML BuildRender)"
  echo "RenderOnly / HandWritten:  $(ratio "$out/xml.txt" RenderOnly HandWritten)"
  echo "Parse / ParseEtree:        $(ratio "$out/xml.txt" Parse ParseEtree)"
  echo "KickCycle redis / memory:  $(ratio "$out/redisstore.txt" KickCycle/store=redis KickCycle/store=memory)"
} | tee "$out/ratios.txt"

for f in xml kick flow redisstore scale; do
  echo "== $f"
  go run "$BENCHSTAT" "$out/$f.txt"
done | tee "$out/benchstat.txt"
echo "raw output in $out"
