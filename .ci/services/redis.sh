# Sourced by .ci/run: starts redis-server on a free 127.0.0.1 port with no
# persistence, exports REDIS_URL for the flow/redisstore tests and queues
# its stop in CLEANUP.

redis_port=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 40000))
  # A port is free when nothing accepts a connection on it.
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    redis_port=$p
    break
  fi
done
if [ -z "$redis_port" ]; then
  echo "redis: no free port found" >&2
  exit 1
fi

redis_dir=$(mktemp -d)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/redis.pid" \
  --logfile "$redis_dir/redis.log"
CLEANUP+=("kill \$(cat '$redis_dir/redis.pid') && rm -rf '$redis_dir'")

for _ in $(seq 1 100); do
  if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ]; then
    break
  fi
  sleep 0.1
done
if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" != "PONG" ]; then
  echo "redis: server on port $redis_port does not answer" >&2
  cat "$redis_dir/redis.log" >&2 || true
  exit 1
fi

export REDIS_URL="redis://127.0.0.1:$redis_port/0"
echo "redis-server $(redis-server --version | awk '{print $3}') at $REDIS_URL"
