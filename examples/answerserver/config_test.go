package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// env returns a getenv over vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// creds are the variables every configuration needs.
func creds(more ...string) map[string]string {
	m := map[string]string{"VOBIZ_AUTH_ID": "MA_TEST", "VOBIZ_AUTH_TOKEN": "auth-token"}
	for i := 0; i+1 < len(more); i += 2 {
		m[more[i]] = more[i+1]
	}
	return m
}

const goodToken = "0123456789abcdef"

func TestParseConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveArgs []string
		giveEnv  map[string]string
		want     config
	}{
		{
			name:    "defaults",
			giveEnv: creds(),
			want: config{addr: "127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
				apiURL: "https://api.vobiz.ai"},
		},
		{
			name: "environment",
			giveEnv: creds("ADDR", ":9000", "PUBLIC_URL", "https://calls.example.com",
				"VOBIZ_API_URL", "http://127.0.0.1:1", "MODERATOR_TOKEN", goodToken, "REDIS_URL", "redis://127.0.0.1:6379/0"),
			want: config{addr: ":9000", publicURL: "https://calls.example.com", authID: "MA_TEST",
				authToken: "auth-token", apiURL: "http://127.0.0.1:1", moderatorToken: goodToken,
				redisURL: "redis://127.0.0.1:6379/0"},
		},
		{
			name: "flags over environment",
			giveArgs: []string{"-addr", "[::1]:7000", "-public-url", "http://localhost:7000", "-insecure-skip-signatures",
				"-redis", "redis://127.0.0.1:6380/1"},
			giveEnv: creds("ADDR", ":9000", "PUBLIC_URL", "https://calls.example.com", "REDIS_URL", "redis://127.0.0.1:6379/0"),
			want: config{addr: "[::1]:7000", publicURL: "http://localhost:7000", authID: "MA_TEST",
				authToken: "auth-token", apiURL: "https://api.vobiz.ai", skipSignatures: true,
				redisURL: "redis://127.0.0.1:6380/1"},
		},
		{
			name:    "answer signatures from the environment",
			giveEnv: creds("VERIFY_ANSWER_SIGNATURES", "true"),
			want: config{addr: "127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
				apiURL: "https://api.vobiz.ai", answerSignatures: true},
		},
		{
			name:    "Redis prefix from the environment",
			giveEnv: creds("REDIS_URL", "redis://127.0.0.1:6379/0", "REDIS_PREFIX", "app1"),
			want: config{addr: "127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
				apiURL: "https://api.vobiz.ai", redisURL: "redis://127.0.0.1:6379/0", redisPrefix: "app1"},
		},
		{
			name:     "Redis prefix flag over environment",
			giveArgs: []string{"-redis-prefix", "app2"},
			giveEnv:  creds("REDIS_URL", "redis://127.0.0.1:6379/0", "REDIS_PREFIX", "app1"),
			want: config{addr: "127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
				apiURL: "https://api.vobiz.ai", redisURL: "redis://127.0.0.1:6379/0", redisPrefix: "app2"},
		},
		{
			name:     "answer signatures flag",
			giveArgs: []string{"-verify-answer-signatures"},
			giveEnv:  creds(),
			want: config{addr: "127.0.0.1:8080", authID: "MA_TEST", authToken: "auth-token",
				apiURL: "https://api.vobiz.ai", answerSignatures: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseConfig(tt.giveArgs, env(tt.giveEnv), io.Discard)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveArgs []string
		giveEnv  map[string]string
	}{
		{name: "no credentials", giveEnv: map[string]string{}},
		{name: "no auth token", giveEnv: map[string]string{"VOBIZ_AUTH_ID": "MA_TEST"}},
		{name: "all interfaces without token", giveEnv: creds("ADDR", ":8080", "PUBLIC_URL", "https://calls.example.com")},
		{name: "all interfaces without public URL", giveEnv: creds("ADDR", ":8080", "MODERATOR_TOKEN", goodToken)},
		{name: "unspecified address without public URL", giveEnv: creds("ADDR", "0.0.0.0:8080", "MODERATOR_TOKEN", goodToken)},
		{name: "public address without token", giveArgs: []string{"-addr", "192.0.2.1:8080"}, giveEnv: creds()},
		{name: "public URL without token", giveEnv: creds("PUBLIC_URL", "https://calls.example.com")},
		{name: "short token", giveEnv: creds("PUBLIC_URL", "https://calls.example.com", "MODERATOR_TOKEN", "short")},
		{name: "address without port", giveArgs: []string{"-addr", "localhost"}, giveEnv: creds()},
		{name: "unknown flag", giveArgs: []string{"-nope"}, giveEnv: creds()},
		{name: "extra argument", giveArgs: []string{"serve"}, giveEnv: creds()},
		{name: "Redis prefix without Redis", giveEnv: creds("REDIS_PREFIX", "app1")},
		{name: "answer signatures not a boolean", giveEnv: creds("VERIFY_ANSWER_SIGNATURES", "sure")},
		{name: "answer signatures without signatures", giveArgs: []string{"-verify-answer-signatures", "-insecure-skip-signatures"},
			giveEnv: creds()},
		// The public URL's password must not reach the error.
		{name: "public URL with password without token", giveEnv: creds("PUBLIC_URL", "https://u:s3cret@calls.example.com")},
		{name: "public URL that does not parse", giveEnv: creds("PUBLIC_URL", "https://u:s3cret%zz@calls.example.com")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(tt.giveArgs, env(tt.giveEnv), io.Discard)
			require.ErrorIs(t, err, errConfig)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestParseConfigHelp(t *testing.T) {
	t.Parallel()
	_, err := parseConfig([]string{"-h"}, env(creds()), io.Discard)
	assert.ErrorIs(t, err, errHelp)
}
