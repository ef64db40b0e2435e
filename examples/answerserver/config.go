package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/redisstore"
	"github.com/kickflow/kickflow/kick"
)

// Defaults of the configuration.
const (
	defaultAddr = "127.0.0.1:8080"
	// minTokenLen is the shortest moderator token accepted.
	minTokenLen = 16
)

var (
	// errConfig matches every configuration error.
	errConfig = errors.New("answerserver: configuration")
	// errHelp reports that -h or -help printed the usage.
	errHelp = flag.ErrHelp
)

// config is the server's configuration: flags and environment for run,
// set directly by tests.
type config struct {
	addr           string // listen address
	publicURL      string // base URL the platform reaches; "" means http:// + the listener's address
	authID         string // VOBIZ_AUTH_ID
	authToken      string // VOBIZ_AUTH_TOKEN: kick API credential and signature key
	apiURL         string // VOBIZ_API_URL
	moderatorToken string // MODERATOR_TOKEN; "" leaves the moderator API open (loopback only)
	skipSignatures bool   // accept unsigned callbacks and continuation requests
	// answerSignatures refuses answer requests without a valid platform
	// signature (VERIFY_ANSWER_SIGNATURES).
	answerSignatures bool
	redisURL         string // REDIS_URL; "" keeps the state in memory
	redisPrefix      string // REDIS_PREFIX: the store's key prefix; "" for redisstore.DefaultPrefix
	// nonceTTL is NONCE_TTL: how long signature nonces of legacy-form
	// requests are remembered; 0 for flow's default (the member TTL).
	nonceTTL time.Duration

	// Not configurable from outside: set by run or by tests.
	logger     *slog.Logger // nil discards the logs
	httpClient *http.Client // for the kick API; nil for the kick package's default
	store      flow.Store   // the flow's store; nil for a new flow.MemoryStore
}

// parseConfig reads the flags in args, falling back to the environment
// through getenv, and checks the result. Usage and flag errors are printed
// to out.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	c := config{
		authID:         getenv(kick.EnvAuthID),
		authToken:      getenv(kick.EnvAuthToken),
		apiURL:         or(getenv(kick.EnvAPIURL), kick.DefaultBaseURL),
		moderatorToken: getenv("MODERATOR_TOKEN"),
	}
	answerSigs, err := envBool(getenv, "VERIFY_ANSWER_SIGNATURES")
	if err != nil {
		return config{}, err
	}
	fs := flag.NewFlagSet("answerserver", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.addr, "addr", or(getenv("ADDR"), defaultAddr), "listen `address` (env ADDR)")
	fs.StringVar(&c.publicURL, "public-url", getenv("PUBLIC_URL"),
		"base `URL` the platform reaches this server at (env PUBLIC_URL; default http:// + the listen address)")
	fs.StringVar(&c.redisURL, "redis", getenv("REDIS_URL"),
		"`URL` of a Redis server to keep members and continuations in, shared by every instance (env REDIS_URL; default in memory)")
	fs.StringVar(&c.redisPrefix, "redis-prefix", getenv("REDIS_PREFIX"),
		"`prefix` of every Redis key, so that several apps or runs can share one database (env REDIS_PREFIX; default "+
			strconv.Quote(redisstore.DefaultPrefix)+")")
	fs.BoolVar(&c.skipSignatures, "insecure-skip-signatures", false,
		"accept callbacks and continuation requests without a valid platform signature")
	fs.BoolVar(&c.answerSignatures, "verify-answer-signatures", answerSigs,
		"refuse answer requests without a valid platform signature, for accounts that sign them (env VERIFY_ANSWER_SIGNATURES)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: answerserver [flags]\n\n"+
			"Environment: VOBIZ_AUTH_ID, VOBIZ_AUTH_TOKEN (required), VOBIZ_API_URL,\n"+
			"MODERATOR_TOKEN (required unless the server is reachable on loopback only),\n"+
			"ADDR, PUBLIC_URL, REDIS_URL, REDIS_PREFIX and VERIFY_ANSWER_SIGNATURES (fallbacks for the flags).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, errHelp
		}
		return config{}, fmt.Errorf("%w: %w", errConfig, err)
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("%w: unexpected arguments %q", errConfig, fs.Args())
	}
	if v := getenv("NONCE_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return config{}, fmt.Errorf("%w: NONCE_TTL %q is not a positive duration", errConfig, v)
		}
		c.nonceTTL = d
	}
	if err := c.check(); err != nil {
		return config{}, err
	}
	return c, nil
}

// check reports the first problem of c.
func (c *config) check() error {
	var missing []string
	if c.authID == "" {
		missing = append(missing, kick.EnvAuthID)
	}
	if c.authToken == "" {
		missing = append(missing, kick.EnvAuthToken)
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return fmt.Errorf("%w: %s %s not set", errConfig, strings.Join(missing, " and "), verb)
	}
	if c.redisPrefix != "" && c.redisURL == "" {
		return fmt.Errorf("%w: a Redis key prefix (REDIS_PREFIX) without a Redis server (REDIS_URL)", errConfig)
	}
	if c.answerSignatures && c.skipSignatures {
		return fmt.Errorf("%w: -verify-answer-signatures and -insecure-skip-signatures contradict each other", errConfig)
	}
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		return fmt.Errorf("%w: address %q: %w", errConfig, c.addr, err)
	}
	if ip := net.ParseIP(host); c.publicURL == "" && (host == "" || ip != nil && ip.IsUnspecified()) {
		return fmt.Errorf("%w: address %q listens on every interface; set -public-url (PUBLIC_URL) "+
			"to the address the platform reaches", errConfig, c.addr)
	}
	local, shown := loopback(host), ""
	if c.publicURL != "" {
		u, err := url.Parse(c.publicURL)
		if err != nil {
			// A *url.Error quotes the whole URL, which may hold a password.
			if ue, ok := errors.AsType[*url.Error](err); ok {
				err = ue.Err
			}
			return fmt.Errorf("%w: public URL: %w", errConfig, err)
		}
		local = local && loopback(u.Hostname())
		shown = u.Redacted()
	}
	switch {
	case c.moderatorToken == "" && !local:
		return fmt.Errorf("%w: MODERATOR_TOKEN is required when the server is reachable beyond loopback "+
			"(address %q, public URL %q)", errConfig, c.addr, shown)
	case c.moderatorToken != "" && len(c.moderatorToken) < minTokenLen:
		return fmt.Errorf("%w: MODERATOR_TOKEN is shorter than %d bytes", errConfig, minTokenLen)
	}
	return nil
}

// loopback reports whether host names the loopback interface only.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// envBool reads the boolean environment variable name (as
// strconv.ParseBool does: 1, t, true, 0, f, false, …); unset is false.
func envBool(getenv func(string) string, name string) (bool, error) {
	v := getenv(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%w: %s=%q is not a boolean", errConfig, name, v)
	}
	return b, nil
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
