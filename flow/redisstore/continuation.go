package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// putScript makes ARGV[1] the pending continuation (KEYS[1]) for ARGV[2]
// ms and keeps the pending one it replaces, with its remaining TTL, as
// the previous one (KEYS[2]).
var putScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if cur and left > 0 then
  redis.call('SET', KEYS[2], cur, 'PX', left)
else
  redis.call('DEL', KEYS[2])
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`)

// removeScript undoes the put of ARGV[1]: if it is pending (KEYS[1]), the
// previous one (KEYS[2]) is pending again with its remaining TTL; if it is
// the previous one, that is forgotten.
var removeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  local prev = redis.call('GET', KEYS[2])
  local left = redis.call('PTTL', KEYS[2])
  if prev and left > 0 then
    redis.call('SET', KEYS[1], prev, 'PX', left)
  else
    redis.call('DEL', KEYS[1])
  end
  redis.call('DEL', KEYS[2])
elseif redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
`)

// takeScript returns the pending continuation (KEYS[1]), dropping it and
// the previous one (KEYS[2]) and keeping it as the taken one (KEYS[3])
// for ARGV[1] ms (none if 0); with none pending, the taken one, if any.
var takeScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur then
  redis.call('DEL', KEYS[1], KEYS[2])
  if tonumber(ARGV[1]) > 0 then
    redis.call('SET', KEYS[3], cur, 'PX', ARGV[1])
  else
    redis.call('DEL', KEYS[3])
  end
  return cur
end
return redis.call('GET', KEYS[3])
`)

// PutContinuation implements [flow.Store] in one round trip.
func (s *Store) PutContinuation(ctx context.Context, callUUID string, doc []byte, ttl time.Duration) error {
	ms, err := millis("continuation", ttl)
	if err != nil {
		return err
	}
	if err := putScript.Run(ctx, s.client, s.contKeys(callUUID)[:2], doc, ms).Err(); err != nil {
		return fmt.Errorf("redisstore: put continuation of call %q: %w", callUUID, err)
	}
	return nil
}

// RemoveContinuation implements [flow.Store] in one round trip.
func (s *Store) RemoveContinuation(ctx context.Context, callUUID string, doc []byte) error {
	if err := removeScript.Run(ctx, s.client, s.contKeys(callUUID)[:2], doc).Err(); err != nil {
		return fmt.Errorf("redisstore: remove continuation of call %q: %w", callUUID, err)
	}
	return nil
}

// TakeContinuation implements [flow.Store] in one round trip: the take is
// a single script, so of two instances serving the same call at once one
// takes the continuation and the other gets it as the taken one, within
// grace. A grace of zero or less keeps nothing for replays.
func (s *Store) TakeContinuation(ctx context.Context, callUUID string, grace time.Duration) ([]byte, bool, error) {
	var ms int64
	if grace > 0 {
		var err error
		if ms, err = millis("grace", grace); err != nil {
			return nil, false, err
		}
	}
	doc, err := takeScript.Run(ctx, s.client, s.contKeys(callUUID), ms).Text()
	switch {
	case errors.Is(err, redis.Nil):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("redisstore: take continuation of call %q: %w", callUUID, err)
	}
	return []byte(doc), true, nil
}
