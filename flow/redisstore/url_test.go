package redisstore

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseClusterURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveURL   string
		wantAddrs []string
		wantUser  string
		wantPass  string
		wantTLS   bool
	}{
		{"one seed", "redis+cluster://127.0.0.1:7000", []string{"127.0.0.1:7000"}, "", "", false},
		{"seeds and slash", "redis+cluster://a:7000,b:7001,c:7002/", []string{"a:7000", "b:7001", "c:7002"}, "", "", false},
		{"userinfo and options", "redis+cluster://u:p%40ss@a:7000,b:7001?read_timeout=2s",
			[]string{"a:7000", "b:7001"}, "u", "p@ss", false},
		{"tls", "rediss+cluster://a:7000", []string{"a:7000"}, "", "", true},
		{"addr option adds seeds", "redis+cluster://a:7000?addr=b:7001", []string{"a:7000", "b:7001"}, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := parseClusterURL(tt.giveURL)
			require.NoError(t, err)
			assert.Equal(t, tt.wantAddrs, o.Addrs)
			assert.Equal(t, tt.wantUser, o.Username)
			assert.Equal(t, tt.wantPass, o.Password)
			assert.Equal(t, tt.wantTLS, o.TLSConfig != nil)
		})
	}
}

func TestParseSentinelURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		giveURL       string
		wantAddrs     []string
		wantMaster    string
		wantDB        int
		wantUser      string
		wantPass      string
		wantSentinelP string
		wantTLS       bool
	}{
		{"one sentinel", "redis+sentinel://127.0.0.1:26379/kickflow",
			[]string{"127.0.0.1:26379"}, "kickflow", 0, "", "", "", false},
		{"sentinels and db", "redis+sentinel://a:26379,b:26380,c:26381/mymaster/3",
			[]string{"a:26379", "b:26380", "c:26381"}, "mymaster", 3, "", "", "", false},
		{"master credentials", "redis+sentinel://app:s3cret@a:26379/m",
			[]string{"a:26379"}, "m", 0, "app", "s3cret", "", false},
		{"sentinel password and options", "redis+sentinel://a:26379/m/1?sentinel_password=x&dial_timeout=1s",
			[]string{"a:26379"}, "m", 1, "", "", "x", false},
		{"tls", "rediss+sentinel://a:26379/m", []string{"a:26379"}, "m", 0, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o, err := parseSentinelURL(tt.giveURL)
			require.NoError(t, err)
			assert.Equal(t, tt.wantAddrs, o.SentinelAddrs)
			assert.Equal(t, tt.wantMaster, o.MasterName)
			assert.Equal(t, tt.wantDB, o.DB)
			assert.Equal(t, tt.wantUser, o.Username)
			assert.Equal(t, tt.wantPass, o.Password)
			assert.Empty(t, o.SentinelUsername)
			assert.Equal(t, tt.wantSentinelP, o.SentinelPassword)
			assert.Equal(t, tt.wantTLS, o.TLSConfig != nil)
		})
	}
}

// TestParseTopologyURLErrors checks the malformed forms; no message
// quotes the password.
func TestParseTopologyURLErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		giveURL string
	}{
		{"cluster with database", "redis+cluster://u:s3cret@a:7000/1"},
		{"cluster empty host", "redis+cluster://u:s3cret@a:7000,,b:7001"},
		{"cluster bad port", "redis+cluster://u:s3cret@a:port"},
		{"cluster unknown option", "redis+cluster://u:s3cret@a:7000?nope=1"},
		{"cluster fragment", "redis+cluster://u:s3cret@a:7000#x"},
		{"sentinel without master", "redis+sentinel://u:s3cret@a:26379"},
		{"sentinel slash only", "redis+sentinel://u:s3cret@a:26379/"},
		{"sentinel bad db", "redis+sentinel://u:s3cret@a:26379/m/x"},
		{"sentinel long path", "redis+sentinel://u:s3cret@a:26379/m/0/1"},
		{"sentinel master_name option", "redis+sentinel://u:s3cret@a:26379/m?master_name=n"},
		{"sentinel bad escape", "redis+sentinel://u:s3cret%zz@a:26379/m"},
		{"sentinel unknown option", "redis+sentinel://u:s3cret@a:26379/m?nope=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := newClient(tt.giveURL)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

// FuzzNewClient checks that no URL makes the parsers panic and that an
// error never quotes the password.
func FuzzNewClient(f *testing.F) {
	for _, s := range []string{
		"redis://u:s3cret@127.0.0.1:6379/0",
		"redis+cluster://u:s3cret@a:7000,b:7001?read_timeout=2s",
		"redis+sentinel://u:s3cret@a:26379,b:1/m/1?sentinel_password=x",
		"rediss+sentinel://u:s3cret@[::1]:26379/m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, url string) {
		c, err := newClient(url)
		if err != nil {
			assert.NotContains(t, err.Error(), "s3cret")
			return
		}
		require.NoError(t, c.Close())
	})
}
