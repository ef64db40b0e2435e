package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKickHarmfulTemplates sends the announcement templates that ran for
// hours or took gigabytes under text/template: each answers 400 naming
// the construct, with no kick sent and the member still in the room.
func TestKickHarmfulTemplates(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	ca := a.call("call-a", "lobby", "")
	tests := []struct {
		name      string
		giveBody  string
		construct string
	}{
		{"range", `{"all":true,"announce":"{{range 1000000000000}}{{end}}"}`, "{{range}}"},
		{"define and template recursion", `{"all":true,"announce":"{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}"}`, `{{template "a"}}`},
		{"nested printf", `{"all":true,"announce":"{{printf \"%01000000d\" (printf \"%01000000d\" 1)}}"}`, "function printf"},
		{"print concatenation", `{"call_uuid":"call-a","announce":"{{print (print .From .From) (print .From .From)}}"}`, "function print"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res errorJSON
			require.Equal(t, http.StatusBadRequest, a.kick("lobby", tt.giveBody, &res))
			assert.Contains(t, res.Error, tt.construct)
		})
	}
	assert.Empty(t, a.changes(), "no kick reached the platform")
	_, _, in := ca.Member()
	assert.True(t, in, "call-a is still in the room")
	ms := a.waitMembers("lobby", func(ms []memberJSON) bool { return true })
	assert.True(t, hasCall(ms, "call-a"), "the registry still lists call-a")
}
