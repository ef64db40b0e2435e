package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kickflow/kickflow/flow"
)

// DefaultPrefix is the key prefix of a Store made without [WithPrefix].
const DefaultPrefix = "kickflow"

// Store is a [flow.Store] kept in Redis, shared by every app instance that
// uses the same server (or Sentinel group, or Cluster) and prefix. Every
// method is one atomic command or script. It is safe for concurrent use
// by multiple goroutines.
type Store struct {
	client redis.UniversalClient
	owned  bool // Close closes client
	prefix string
	// callBase and regBase start the keys of a call's continuations and
	// of the registry; see the package doc for the layout.
	callBase, regBase string
}

var _ flow.Store = (*Store)(nil)

// Option configures a [Store] made by [New] or [Open].
type Option func(*Store) error

// WithPrefix sets the prefix of every key the store writes, so that
// several apps (or tests) can share one server. It must be non-empty and
// must not contain '{' or '}', which Redis Cluster reads as a hash tag.
// If not set, [DefaultPrefix].
func WithPrefix(prefix string) Option {
	return func(s *Store) error {
		if prefix == "" || strings.ContainsAny(prefix, "{}") {
			return invalid("key prefix %q is empty or contains '{' or '}'", prefix)
		}
		s.prefix = prefix
		return nil
	}
}

// New returns a Store on client, which may be a *redis.Client, a
// Sentinel-backed failover client or a *redis.ClusterClient. The store
// does not close client. For request deadlines to bound each command,
// client should be made with ContextTimeoutEnabled set (as [Open] does).
// A nil client, a bad option or a nil option (named by its position among
// opts, counting from 1) gives an error matching flow.ErrInvalidArgument.
func New(client redis.UniversalClient, opts ...Option) (*Store, error) {
	if client == nil {
		return nil, invalid("nil client")
	}
	s := &Store{client: client, prefix: DefaultPrefix}
	for i, opt := range opts {
		if opt == nil {
			return nil, invalid("option %d is nil", i+1)
		}
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	s.callBase = "{" + s.prefix + ":call:"
	s.regBase = "{" + s.prefix + ":reg}:"
	return s, nil
}

// Open returns a Store on a new client for url, which names a single
// server, a Redis Cluster or a Sentinel-monitored master; the package doc
// lists the forms. The client honours context deadlines and does not send
// CLIENT SETINFO on connect (servers before Redis 7.2 do not know it).
// Open does not connect: the first command does. [Store.Close] closes
// the client. Errors match flow.ErrInvalidArgument and never quote url,
// which may carry a password.
func Open(url string, opts ...Option) (*Store, error) {
	c, err := newClient(url)
	if err != nil {
		return nil, invalid("server URL: %w", err)
	}
	s, err := New(c, opts...)
	if err != nil {
		return nil, closeOnError(err, c)
	}
	s.owned = true
	return s, nil
}

// closeOnError closes c after err stopped Open, keeping both errors.
func closeOnError(err error, c redis.UniversalClient) error {
	if cerr := c.Close(); cerr != nil {
		return fmt.Errorf("%w (closing the client: %w)", err, cerr)
	}
	return err
}

// Close closes the client if [Open] made it; a client given to [New] is
// left to its owner.
func (s *Store) Close() error {
	if !s.owned {
		return nil
	}
	if err := s.client.Close(); err != nil {
		return fmt.Errorf("redisstore: close: %w", err)
	}
	return nil
}

// Ping checks that the server answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisstore: ping: %w", err)
	}
	return nil
}

// Prefix returns the store's key prefix.
func (s *Store) Prefix() string { return s.prefix }

// Keys of a call's continuations: the pending one, the one it replaced
// and the one taken last. They share the hash tag {prefix:call:<uuid>}.
func (s *Store) contKeys(callUUID string) []string {
	tag := s.callBase + callUUID + "}:"
	return []string{tag + "next", tag + "prev", tag + "taken"}
}

// Keys of the registry: all share the hash tag {prefix:reg}.
func (s *Store) memberKey(callUUID string) string { return s.regBase + "member:" + callUUID }
func (s *Store) roomKey(room string) string       { return s.regBase + "room:" + room }

// bareExitKey names the exit marker of m's call, room and member ID
// without a join token, which an exit under a token also sets.
func (s *Store) bareExitKey(m flow.Member) string {
	m.Join = ""
	return s.exitKey(m)
}

// exitKey names the exit marker of one join; the fields are length
// prefixed so that no two joins share a key.
func (s *Store) exitKey(m flow.Member) string {
	var b strings.Builder
	b.WriteString(s.regBase)
	b.WriteString("exit:")
	for _, f := range [...]string{m.CallUUID, m.Room, m.MemberID, m.Join} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
	}
	return b.String()
}

// millis converts a TTL to whole milliseconds, rounding up, and rejects
// a TTL that is not positive.
func millis(what string, ttl time.Duration) (int64, error) {
	if ttl <= 0 {
		return 0, invalid("%s TTL %v is not positive", what, ttl)
	}
	ms := int64(ttl / time.Millisecond)
	if ttl%time.Millisecond != 0 {
		ms++
	}
	return ms, nil
}
