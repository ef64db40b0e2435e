package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kickflow/kickflow/flow"
)

var _ flow.Guard = (*Store)(nil)

// nowLua sets now to the server's time in ms, so that every instance
// judges grace windows by one clock.
const nowLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`

// guardEventLua wraps apply, a registry script (enterLua or exitLua) made
// into a function, in the replay rules of flow.Guard. Its keys come after
// apply's three: KEYS[4] the join's hash, KEYS[5..] the nonces' hashes
// (read and written only for a request without a join token: under a
// token, the join's hash does their work).
// Its arguments come after apply's: call UUID, room, member ID, step
// ("enter" or "exit"), request sum, grace ms, nonce TTL ms, join TTL ms,
// "1" for a request without a join token, then the nonces (one per nonce
// key). The join's hash also records which step used each nonce, for as
// long as the binding lives. It returns the verdict: 1 fresh, 2 repeat,
// 3 refused.
func guardEventLua(apply string) string {
	return "local function apply()\n" + apply + "\nend\n" + nowLua + `
local o = #ARGV - 8 - (#KEYS - 4)
local call, room, id, step, sum = ARGV[o], ARGV[o+1], ARGV[o+2], ARGV[o+3], ARGV[o+4]
local grace, legacy = tonumber(ARGV[o+5]), ARGV[o+8] == '1'
local verdict = 1
local function judge(s, g)
  if not s then return 1 end
  if s == sum and now < tonumber(g) then return 2 end
  return 3
end
if legacy then
  for i = 5, #KEYS do
    local r = redis.call('HMGET', KEYS[i], 's', 'g')
    verdict = math.max(verdict, judge(r[1], r[2]))
  end
  if verdict == 3 then return 3 end
else
  local b = redis.call('HMGET', KEYS[4], 'call', 'room', 'id', step .. '.s', step .. '.g')
  if b[1] and (b[1] ~= call or b[2] ~= room or b[3] ~= id) then return 3 end
  for i = 5, #KEYS do
    local used = redis.call('HGET', KEYS[4], 'n:' .. ARGV[o+8+i-4])
    if used and used ~= step then return 3 end
  end
  verdict = math.max(verdict, judge(b[4], b[5]))
end
if verdict ~= 1 then return verdict end
apply()
local gend = now + grace
if legacy then
  for i = 5, #KEYS do
    redis.call('HSET', KEYS[i], 's', sum, 'g', gend)
    redis.call('PEXPIRE', KEYS[i], ARGV[o+6])
  end
else
  redis.call('HSET', KEYS[4], 'call', call, 'room', room, 'id', id, step .. '.s', sum, step .. '.g', gend)
  for i = 5, #KEYS do
    redis.call('HSET', KEYS[4], 'n:' .. ARGV[o+8+i-4], step)
  end
  redis.call('PEXPIRE', KEYS[4], ARGV[o+7])
end
return 1
`
}

var (
	guardedEnterScript = redis.NewScript(guardEventLua(enterLua))
	guardedExitScript  = redis.NewScript(guardEventLua(exitLua))
)

// guardedTakeScript is takeScript under the replay rules of flow.Guard.
// KEYS[1..3] are the call's continuation keys, KEYS[4] the hash of the
// join's continue step, KEYS[5..] the nonces' hashes (all in the call's
// slot; the nonces' are used only for a request without a join token, the
// step's only for one with). ARGV: request sum, grace ms (0: none), nonce
// TTL ms, join TTL ms, "1" for a request without a join token. It returns {verdict, found,
// doc}: for a repeat, the first request's answer.
var guardedTakeScript = redis.NewScript(nowLua + `
local sum, grace, legacy = ARGV[1], tonumber(ARGV[2]), ARGV[5] == '1'
local rep
local function refused(key)
  local r = redis.call('HMGET', key, 's', 'g', 'f', 'd')
  if not r[1] then return false end
  if r[1] == sum and now < tonumber(r[2]) then rep = r; return false end
  return true
end
if legacy then
  for i = 5, #KEYS do
    if refused(KEYS[i]) then return {3, '0', ''} end
  end
elseif refused(KEYS[4]) then
  return {3, '0', ''}
end
if rep then return {2, rep[3], rep[4]} end
local doc = redis.call('GET', KEYS[1])
if doc then
  redis.call('DEL', KEYS[1], KEYS[2])
  if grace > 0 then
    redis.call('SET', KEYS[3], doc, 'PX', grace)
  else
    redis.call('DEL', KEYS[3])
  end
else
  doc = redis.call('GET', KEYS[3])
end
local f, d = '0', ''
if doc then f, d = '1', doc end
local gend = now + grace
if legacy then
  for i = 5, #KEYS do
    redis.call('HSET', KEYS[i], 's', sum, 'g', gend, 'f', f, 'd', d)
    redis.call('PEXPIRE', KEYS[i], ARGV[3])
  end
else
  redis.call('HSET', KEYS[4], 's', sum, 'g', gend, 'f', f, 'd', d)
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
end
return {1, f, d}
`)

// joinKey names the hash of a join token's binding and callback steps.
func (s *Store) joinKey(join string) string { return s.regBase + "join:" + join }

// nonceKeys names the records of nonces under base (a hash tag and a
// kind) and the join token; the token is length-prefixed so that no two
// (token, nonce) pairs share a key.
func nonceKeys(base, join string, nonces []string) []string {
	keys := make([]string, len(nonces))
	for i, n := range nonces {
		keys[i] = base + "nonce:" + strconv.Itoa(len(join)) + ":" + join + n
	}
	return keys
}

// guardArgs checks seen and returns its TTLs in ms and the legacy flag.
func guardArgs(seen flow.Seen) (grace, nonceTTL, joinTTL int64, legacy string, err error) {
	if len(seen.Nonces) == 0 {
		return 0, 0, 0, "", invalid("a guarded request without nonces")
	}
	if seen.Grace > 0 {
		if grace, err = millis("grace", seen.Grace); err != nil {
			return 0, 0, 0, "", err
		}
	}
	if nonceTTL, err = millis("nonce", seen.NonceTTL); err != nil {
		return 0, 0, 0, "", err
	}
	if joinTTL, err = millis("join", seen.JoinTTL); err != nil {
		return 0, 0, 0, "", err
	}
	legacy = "0"
	if seen.Join == "" {
		legacy = "1"
	}
	return grace, nonceTTL, joinTTL, legacy, nil
}

// EnterOnce implements [flow.Guard] in one round trip: the replay rules
// and the Enter or Exit are one script in the registry's slot.
func (s *Store) EnterOnce(ctx context.Context, m flow.Member, exit bool, seen flow.Seen, ttl time.Duration) (flow.Verdict, error) {
	ms, err := millis("member", ttl)
	if err != nil {
		return 0, err
	}
	grace, nonceTTL, joinTTL, legacy, err := guardArgs(seen)
	if err != nil {
		return 0, err
	}
	keys := append([]string{s.memberKey(m.CallUUID), s.roomKey(m.Room), s.exitKey(m), s.joinKey(seen.Join)},
		nonceKeys(s.regBase, seen.Join, seen.Nonces)...)
	script, step, what := guardedEnterScript, "enter", "enter"
	var args []any
	if exit {
		script, step, what = guardedExitScript, "exit", "exit"
		args = []any{m.Room, m.MemberID, m.Join, ms, m.CallUUID, s.bareExitKey(m)}
	} else {
		rec, err := encode(m)
		if err != nil {
			return 0, err
		}
		args = []any{m.CallUUID, m.Room, m.MemberID, m.Join, rec, ms, s.regBase + "member:", s.regBase + "room:"}
	}
	args = append(args, m.CallUUID, m.Room, m.MemberID, step, seen.Sum, grace, nonceTTL, joinTTL, legacy)
	for _, n := range seen.Nonces {
		args = append(args, n)
	}
	v, err := script.Run(ctx, s.client, keys, args...).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: %s call %q, room %q: %w", what, m.CallUUID, m.Room, err)
	}
	return flow.Verdict(v), nil
}

// TakeOnce implements [flow.Guard] in one round trip: the replay rules and
// the take are one script in the call's slot.
func (s *Store) TakeOnce(ctx context.Context, callUUID string, seen flow.Seen) ([]byte, bool, flow.Verdict, error) {
	grace, nonceTTL, joinTTL, legacy, err := guardArgs(seen)
	if err != nil {
		return nil, false, 0, err
	}
	base := s.callBase + callUUID + "}:"
	keys := append(append(s.contKeys(callUUID), base+"step:"+seen.Join), nonceKeys(base, seen.Join, seen.Nonces)...)
	res, err := guardedTakeScript.Run(ctx, s.client, keys, seen.Sum, grace, nonceTTL, joinTTL, legacy).Slice()
	if err == nil && len(res) != 3 {
		err = fmt.Errorf("script answered %d values, want 3", len(res))
	}
	if err != nil {
		return nil, false, 0, fmt.Errorf("redisstore: take continuation of call %q: %w", callUUID, err)
	}
	v, _ := res[0].(int64)
	found, _ := res[1].(string)
	doc, _ := res[2].(string)
	if found != "1" {
		return nil, false, flow.Verdict(v), nil
	}
	return []byte(doc), true, flow.Verdict(v), nil
}

// Bound implements [flow.Guard] in one round trip.
func (s *Store) Bound(ctx context.Context, join string) (flow.Binding, bool, error) {
	r, err := s.client.HMGet(ctx, s.joinKey(join), "call", "room", "id").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return flow.Binding{}, false, fmt.Errorf("redisstore: binding of a join: %w", err)
	}
	if len(r) != 3 {
		return flow.Binding{}, false, nil
	}
	call, ok := r[0].(string)
	if !ok {
		return flow.Binding{}, false, nil
	}
	room, _ := r[1].(string)
	id, _ := r[2].(string)
	return flow.Binding{CallUUID: call, Room: room, MemberID: id}, true, nil
}
