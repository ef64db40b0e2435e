package emulator_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
)

// TestRESTThroughEmulatorMatchesKicktest runs every conference operation
// of the kick client twice, against a kicktest server directly and through
// an emulator in front of an identical one, and checks that both servers
// saw the same requests, answered alike and ended in the same state.
func TestRESTThroughEmulatorMatchesKicktest(t *testing.T) {
	t.Parallel()
	ops := []struct {
		name string
		do   func(ctx context.Context, c *kick.Client) error
	}{
		{"kick", func(ctx context.Context, c *kick.Client) error { _, err := c.Kick(ctx, "a/b c", "10"); return err }},
		{"kick missing", func(ctx context.Context, c *kick.Client) error { _, err := c.Kick(ctx, "a/b c", "99"); return err }},
		{"hang up", func(ctx context.Context, c *kick.Client) error { return c.HangUp(ctx, "a/b c", "11") }},
		{"mute", func(ctx context.Context, c *kick.Client) error { _, err := c.Mute(ctx, "R", "20", "21"); return err }},
		{"unmute", func(ctx context.Context, c *kick.Client) error { return c.Unmute(ctx, "R", "20") }},
		{"deaf", func(ctx context.Context, c *kick.Client) error { _, err := c.Deaf(ctx, "R", kick.All); return err }},
		{"undeaf", func(ctx context.Context, c *kick.Client) error { return c.Undeaf(ctx, "R", "21") }},
		{"play", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Play(ctx, "R", "https://cdn.example/a.mp3", "20")
			return err
		}},
		{"stop play", func(ctx context.Context, c *kick.Client) error { return c.StopPlay(ctx, "R", "20") }},
		{"speak", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Speak(ctx, "R", kick.Speech{Text: "hi & bye"}, "20")
			return err
		}},
		{"stop speak", func(ctx context.Context, c *kick.Client) error { return c.StopSpeak(ctx, "R", "20") }},
		{"conference", func(ctx context.Context, c *kick.Client) error { _, err := c.Conference(ctx, "R"); return err }},
		{"conferences", func(ctx context.Context, c *kick.Client) error { _, err := c.Conferences(ctx); return err }},
		{"record", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "R", kick.RecordingOptions{FileFormat: "mp3"})
			return err
		}},
		{"stop record", func(ctx context.Context, c *kick.Client) error { return c.StopRecording(ctx, "R") }},
		{"hang up room", func(ctx context.Context, c *kick.Client) error { return c.HangUpConference(ctx, "R") }},
		{"hang up missing room", func(ctx context.Context, c *kick.Client) error { return c.HangUpConference(ctx, "nope") }},
		{"hang up all", func(ctx context.Context, c *kick.Client) error { return c.HangUpAllConferences(ctx) }},
	}
	seed := func(srv *kicktest.Server) {
		srv.AddMember("a/b c", kicktest.Member{ID: "10", CallUUID: "call-10"})
		srv.AddMember("a/b c", kicktest.Member{ID: "11", CallUUID: "call-11"})
		srv.AddMember("R", kicktest.Member{ID: "20", CallUUID: "call-20"})
		srv.AddMember("R", kicktest.Member{ID: "21", CallUUID: "call-21"})
	}
	opts := []kicktest.Option{kicktest.WithCredentials("MA_SAME", "same-token")}
	direct := kicktest.NewServer(opts...)
	t.Cleanup(direct.Close)
	seed(direct)
	e := newEmu(t, opts...)
	seed(e.srv)
	cd, err := kick.New("MA_SAME", "same-token", kick.WithBaseURL(direct.URL), kick.WithMaxAttempts(1))
	require.NoError(t, err)
	ce, err := kick.New("MA_SAME", "same-token", kick.WithBaseURL(e.url), kick.WithMaxAttempts(1))
	require.NoError(t, err)

	for _, op := range ops {
		errD := op.do(t.Context(), cd)
		errE := op.do(t.Context(), ce)
		if errD == nil {
			assert.NoError(t, errE, op.name)
		} else {
			var ad, ae *kick.Error
			require.ErrorAs(t, errD, &ad, op.name)
			require.ErrorAs(t, errE, &ae, op.name)
			assert.Equal(t, ad.StatusCode, ae.StatusCode, op.name)
			assert.Equal(t, ad.Message, ae.Message, op.name)
		}
		for _, room := range []string{"a/b c", "R"} {
			assert.Equal(t, direct.Members(room), e.srv.Members(room), "%s: room %s", op.name, room)
		}
	}
	rd, re := direct.Requests(), e.srv.Requests()
	require.Len(t, re, len(rd))
	assert.Len(t, rd, len(ops), "one request per operation")
	for i := range rd {
		assert.Equal(t, rd[i].Method, re[i].Method, i)
		assert.Equal(t, rd[i].URI, re[i].URI, i)
		assert.Equal(t, string(rd[i].Body), string(re[i].Body), i)
		assert.Equal(t, rd[i].Header.Get("X-Auth-Id"), re[i].Header.Get("X-Auth-Id"), i)
	}
	assert.Empty(t, e.srv.Conferences(), "hang up all ended every room")
}
