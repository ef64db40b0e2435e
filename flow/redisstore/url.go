package redisstore

import (
	"errors"
	neturl "net/url"
	"regexp"
	"strings"

	"github.com/redis/go-redis/v9"
)

// URL schemes that [Open] reads besides go-redis's own (redis, rediss,
// unix): a Redis Cluster and a Sentinel-monitored master, each plain or
// over TLS.
const (
	schemeCluster     = "redis+cluster"
	schemeClusterTLS  = "rediss+cluster"
	schemeSentinel    = "redis+sentinel"
	schemeSentinelTLS = "rediss+sentinel"
)

// newClient returns a client for url, in one of the forms the package
// doc lists. Its errors never quote url, which may carry a password.
func newClient(url string) (redis.UniversalClient, error) {
	scheme, _, _ := strings.Cut(url, "://")
	switch scheme {
	case schemeCluster, schemeClusterTLS:
		o, err := parseClusterURL(url)
		if err != nil {
			return nil, err
		}
		o.ContextTimeoutEnabled = true
		o.DisableIdentity = true
		return redis.NewClusterClient(o), nil
	case schemeSentinel, schemeSentinelTLS:
		o, err := parseSentinelURL(url)
		if err != nil {
			return nil, err
		}
		o.ContextTimeoutEnabled = true
		o.DisableIdentity = true
		return redis.NewFailoverClient(o), nil
	}
	o, err := redis.ParseURL(url)
	if err != nil {
		return nil, hideURL(err)
	}
	o.ContextTimeoutEnabled = true
	o.DisableIdentity = true
	return redis.NewClient(o), nil
}

// hideURL returns err without the parts of the URL it quotes, which may
// be a password (a URL missing its '@' reads the password as a port): a
// *url.Error's URL is dropped, and every quoted part of the message is
// replaced by "…".
func hideURL(err error) error {
	if ue, ok := errors.AsType[*neturl.Error](err); ok {
		err = ue.Err
	}
	return errors.New(quoted.ReplaceAllString(err.Error(), "…"))
}

// quoted matches a quoted part of an error message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// splitHosts rewrites url, whose authority may list several host:port
// separated by commas, to a URL of go-redis's scheme (redis or rediss)
// with the first host only, and returns the other hosts.
func splitHosts(url string) (*neturl.URL, []string, error) {
	scheme, rest, _ := strings.Cut(url, "://")
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	userinfo := ""
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		userinfo, authority = authority[:at+1], authority[at+1:]
	}
	hosts := strings.Split(authority, ",")
	for _, h := range hosts {
		if h == "" {
			return nil, nil, errors.New("empty host in the host list")
		}
	}
	base, _, _ := strings.Cut(scheme, "+")
	u, err := neturl.Parse(base + "://" + userinfo + hosts[0] + tail)
	if err != nil {
		return nil, nil, hideURL(err)
	}
	if u.Fragment != "" {
		return nil, nil, errors.New("a fragment is not allowed")
	}
	return u, hosts[1:], nil
}

// parseClusterURL reads the Cluster form:
// redis+cluster://[user:password@]host:port[,host:port…][/][?option=value…].
func parseClusterURL(url string) (*redis.ClusterOptions, error) {
	u, more, err := splitHosts(url)
	if err != nil {
		return nil, err
	}
	if u.Path != "" && u.Path != "/" {
		return nil, errors.New("a Cluster URL names no database (a Cluster has only database 0)")
	}
	u.Path = ""
	q := u.Query()
	for _, h := range more {
		q.Add("addr", h)
	}
	u.RawQuery = q.Encode()
	o, err := redis.ParseClusterURL(u.String())
	if err != nil {
		return nil, hideURL(err)
	}
	return o, nil
}

// parseSentinelURL reads the Sentinel form:
// redis+sentinel://[user:password@]host:port[,host:port…]/master[/db][?option=value…],
// where the hosts are the sentinels and user:password log in to the
// master and replicas.
func parseSentinelURL(url string) (*redis.FailoverOptions, error) {
	u, more, err := splitHosts(url)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if parts[0] == "" || len(parts) > 2 {
		return nil, errors.New("a Sentinel URL's path is /<master name>[/<db>]")
	}
	master, db := parts[0], "0"
	if len(parts) == 2 {
		db = parts[1]
	}
	user := u.User
	u.User = nil
	u.Path = "/" + db
	q := u.Query()
	sentinelUser, sentinelPassword := q.Get("sentinel_username"), q.Get("sentinel_password")
	q.Del("sentinel_username")
	q.Del("sentinel_password")
	if q.Has("master_name") {
		return nil, errors.New("a Sentinel URL names its master in the path, not in master_name")
	}
	q.Set("master_name", master)
	for _, h := range more {
		q.Add("addr", h)
	}
	u.RawQuery = q.Encode()
	o, err := redis.ParseFailoverURL(u.String())
	if err != nil {
		return nil, hideURL(err)
	}
	if user != nil {
		o.Username = user.Username()
		o.Password, _ = user.Password()
	}
	o.SentinelUsername, o.SentinelPassword = sentinelUser, sentinelPassword
	return o, nil
}
