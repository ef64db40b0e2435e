# Sourced by .ci/run: starts redis-server on a free 127.0.0.1 port with no
# persistence, exports REDIS_URL for the tests that use Redis and queues its
# stop in CLEANUP. A port can be taken between the check and the bind, so a
# start that does not answer is retried on another port. The tests'
# Redis Cluster and Sentinel set-ups are not services: internal/redistest
# starts them from redis-server on PATH, so plain `go test ./...` runs them.

redis_dir=$(mktemp -d)
redis_port=""
for _ in $(seq 1 10); do
  p=$((20000 + RANDOM % 40000))
  # A port is free when nothing accepts a connection on it.
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    continue
  fi
  rm -f "$redis_dir/redis.pid"
  redis-server --port "$p" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" \
    --logfile "$redis_dir/redis.log" || continue
  for _ in $(seq 1 50); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$p" ping 2>/dev/null)" = "PONG" ]; then
      redis_port=$p
      break
    fi
    sleep 0.1
  done
  [ -n "$redis_port" ] && break
  [ -f "$redis_dir/redis.pid" ] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
done
if [ -z "$redis_port" ]; then
  echo "redis: could not start redis-server on a free loopback port" >&2
  cat "$redis_dir/redis.log" >&2 || true
  exit 1
fi
CLEANUP+=("kill \$(cat '$redis_dir/redis.pid') && rm -rf '$redis_dir'")

export REDIS_URL="redis://127.0.0.1:$redis_port/0"
echo "redis-server $(redis-server --version | awk '{print $3}') at $REDIS_URL"
