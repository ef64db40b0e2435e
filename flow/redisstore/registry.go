package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kickflow/kickflow/flow"
)

// enterScript records a join unless its exit marker (KEYS[3]) is set.
// KEYS[1] is the call's member hash, KEYS[2] the room hash; ARGV holds the
// call UUID, room, member ID, join token, encoded record, TTL in ms, and
// the key prefixes of member hashes and room hashes. Keys of other calls
// and rooms it touches are built from those prefixes and share the
// registry's hash tag.
var enterScript = redis.NewScript(enterLua)

const enterLua = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local function unlink(mkey, call, room, id)
  local r = redis.call('HMGET', mkey, 'room', 'id')
  if room and (r[1] ~= room or r[2] ~= id) then return end
  redis.call('DEL', mkey)
  if r[1] then
    local rkey = ARGV[8] .. r[1]
    if redis.call('HGET', rkey, r[2]) == call then redis.call('HDEL', rkey, r[2]) end
  end
end
unlink(KEYS[1], ARGV[1])
local other = redis.call('HGET', KEYS[2], ARGV[3])
if other and other ~= ARGV[1] then
  unlink(ARGV[7] .. other, other, ARGV[2], ARGV[3])
end
redis.call('HSET', KEYS[1], 'room', ARGV[2], 'id', ARGV[3], 'join', ARGV[4], 'rec', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
return 1
`

// exitScript sets the exit marker of a join (KEYS[3]) for ARGV[4] ms and
// removes the call's member hash (KEYS[1]) and its room entry (in KEYS[2])
// if they record that join. ARGV: room, member ID, join token, TTL, call
// UUID.
var exitScript = redis.NewScript(exitLua)

const exitLua = `
redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
local r = redis.call('HMGET', KEYS[1], 'room', 'id', 'join')
if r[1] == ARGV[1] and r[2] == ARGV[2] and r[3] == ARGV[3] then
  redis.call('DEL', KEYS[1])
  if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[5] then
    redis.call('HDEL', KEYS[2], ARGV[2])
  end
end
return 1
`

// membersScript returns the records of the room's (KEYS[1]) members whose
// member hash still records that room and member ID. ARGV: the key prefix
// of member hashes, the room.
var membersScript = redis.NewScript(`
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local r = redis.call('HMGET', ARGV[1] .. all[i+1], 'room', 'id', 'rec')
  if r[1] == ARGV[2] and r[2] == all[i] then out[#out+1] = r[3] end
end
return out
`)

// record is a member as stored in the "rec" field of its hash.
type record struct {
	CallUUID   string    `json:"c"`
	Room       string    `json:"r"`
	MemberID   string    `json:"m"`
	From       string    `json:"f,omitempty"`
	To         string    `json:"t,omitempty"`
	CallerName string    `json:"n,omitempty"`
	JoinedAt   time.Time `json:"at"`
	Join       string    `json:"j,omitempty"`
	Reconciled bool      `json:"s,omitempty"`
}

func encode(m flow.Member) ([]byte, error) {
	b, err := json.Marshal(record(m))
	if err != nil {
		return nil, fmt.Errorf("redisstore: encode member: %w", err)
	}
	return b, nil
}

func decode(s string) (flow.Member, error) {
	var r record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return flow.Member{}, fmt.Errorf("redisstore: decode member: %w", err)
	}
	return flow.Member(r), nil
}

// Enter implements [flow.Store] in one round trip.
func (s *Store) Enter(ctx context.Context, m flow.Member, ttl time.Duration) error {
	ms, err := millis("member", ttl)
	if err != nil {
		return err
	}
	rec, err := encode(m)
	if err != nil {
		return err
	}
	keys := []string{s.memberKey(m.CallUUID), s.roomKey(m.Room), s.exitKey(m)}
	err = enterScript.Run(ctx, s.client, keys,
		m.CallUUID, m.Room, m.MemberID, m.Join, rec, ms, s.regBase+"member:", s.regBase+"room:").Err()
	if err != nil {
		return fmt.Errorf("redisstore: enter call %q into room %q: %w", m.CallUUID, m.Room, err)
	}
	return nil
}

// Exit implements [flow.Store] in one round trip.
func (s *Store) Exit(ctx context.Context, m flow.Member, ttl time.Duration) error {
	ms, err := millis("exit", ttl)
	if err != nil {
		return err
	}
	keys := []string{s.memberKey(m.CallUUID), s.roomKey(m.Room), s.exitKey(m)}
	if err := exitScript.Run(ctx, s.client, keys, m.Room, m.MemberID, m.Join, ms, m.CallUUID).Err(); err != nil {
		return fmt.Errorf("redisstore: exit call %q from room %q: %w", m.CallUUID, m.Room, err)
	}
	return nil
}

// Members implements [flow.Store] in one round trip.
func (s *Store) Members(ctx context.Context, room string) ([]flow.Member, error) {
	recs, err := membersScript.Run(ctx, s.client, []string{s.roomKey(room)}, s.regBase+"member:", room).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: members of room %q: %w", room, err)
	}
	var out []flow.Member
	for _, rec := range recs {
		m, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b flow.Member) int {
		return cmp.Or(a.JoinedAt.Compare(b.JoinedAt), strings.Compare(a.CallUUID, b.CallUUID))
	})
	return out, nil
}

// Member implements [flow.Store] in one round trip.
func (s *Store) Member(ctx context.Context, callUUID string) (flow.Member, bool, error) {
	rec, err := s.client.HGet(ctx, s.memberKey(callUUID), "rec").Result()
	switch {
	case errors.Is(err, redis.Nil):
		return flow.Member{}, false, nil
	case err != nil:
		return flow.Member{}, false, fmt.Errorf("redisstore: look up call %q: %w", callUUID, err)
	}
	m, err := decode(rec)
	if err != nil {
		return flow.Member{}, false, err
	}
	return m, true, nil
}
