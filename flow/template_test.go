package flow_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/flow"
)

// The announcement templates of the review: each ran for hours
// or took gigabytes under text/template; each must be refused before the
// registry is read, anything stored or any kick sent.
var harmfulTemplates = []struct {
	name      string
	give      string
	construct string
}{
	{"range", `{{range 1000000000000}}{{end}}`, "{{range}}"},
	{"define and template recursion", `{{define "a"}}{{template "a"}}{{template "a"}}{{end}}{{template "a"}}`, `{{template "a"}}`},
	{"define alone", `{{define "a"}}{{template "a"}}{{end}}`, `{{define "a"}}`},
	{"block", `{{block "a" .}}x{{end}}`, `{{template "a"}} (or {{block}})`},
	{"nested printf", `{{printf "%01000000d" (printf "%01000000d" (printf "%01000000d" 1))}}`, "function printf"},
	{"print concatenation", `{{print (print .From .From .From) (print .From .From .From)}}`, "function print"},
}

func TestKickRejectsHarmfulTemplates(t *testing.T) {
	t.Parallel()
	for _, tt := range harmfulTemplates {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := &flow.MemoryStore{}
			fx := newFixture(t, flow.WithStore(store))
			fx.join("call-a", "Sales", "1", "j1")
			res, err := fx.flow.Kick(t.Context(), flow.Room("Sales"), flow.Continuation{Announce: tt.give})
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.construct)
			assert.Nil(t, res)
			assert.Empty(t, fx.srv.Requests(), "no kick sent")
			_, ok, err := store.TakeContinuation(t.Context(), "call-a", 0)
			require.NoError(t, err)
			assert.False(t, ok, "no continuation stored")
			assert.Len(t, fx.srv.Members("Sales"), 1, "the member is still in the room")
		})
	}
}

func TestKickRejectsTemplateConstructs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		give      string
		construct string
	}{
		{"range over field", `{{range .Fields}}x{{end}}`, "{{range}}"},
		{"range with break", `{{range .Fields}}{{break}}{{end}}`, "{{range}}"},
		{"template call", `{{template "x"}}`, `{{template "x"}}`},
		{"redefined main template", `{{define "announce"}}{{range 9}}{{end}}{{end}}`, "{{range}}"},
		{"len", `{{len .From}}`, "function len"},
		{"index", `{{index .Fields "x"}}`, "function index"},
		{"call", `{{call .From}}`, "function call"},
		{"comparison", `{{if eq .From "1"}}x{{end}}`, "function eq in {{if}}"},
		{"not", `{{if not .From}}x{{end}}`, "function not in {{if}}"},
		{"and in with", `{{with and .From .To}}x{{end}}`, "function and in {{with}}"},
		{"function in else branch", `{{if .From}}a{{else}}{{html .To}}{{end}}`, "function html"},
		{"function in else if", `{{if .From}}a{{else if len .To}}b{{end}}`, "function len in {{if}}"},
		{"bare function", `{{println}}`, "function println"},
		{"variable declared", `{{$x := .From}}{{$x}}`, "variable $x"},
		{"variable used", `{{$.From}}`, "variable $"},
		{"variable in if", `{{if $x := .From}}{{end}}`, "variable $x in {{if}}"},
		{"pipeline", `{{.From | printf "%s"}}`, "pipeline"},
		{"parenthesized", `{{(.From)}}`, "parenthesized pipeline"},
		{"chain", `{{(.Fields).x}}`, "field chain"},
		{"string constant", `{{"x"}}`, "constant"},
		{"number constant", `{{if 1}}x{{end}}`, "constant 1 in {{if}}"},
		{"too long", strings.Repeat("a", flow.MaxTemplateBytes+1), "announcement template: 4097 bytes, more than 4096"},
		{"unknown function", `{{lower .From}}`, `announcement template: 1: function "lower" not defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j1")
			_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: tt.give})
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tt.construct)
			assert.Equal(t, 1, strings.Count(err.Error(), "flow:"), "package prefix once: %v", err)
			assert.Empty(t, fx.srv.Requests(), "no kick sent")
		})
	}
}

func TestKickTemplateLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		give   string
		fields map[string]string
		want   string
	}{
		{"fields", "Goodbye {{.From}} ({{.CallerName}}), you were member {{.MemberID}} of {{.Room}}, call {{.CallUUID}} to {{.To}}.", nil,
			"Goodbye 14155551 (), you were member 1 of Sales, call call-1 to 14155550199."},
		{"map field", "Goodbye {{.From}}, {{.Fields.reason}}", map[string]string{"reason": "bye"}, "Goodbye 14155551, bye"},
		{"if true", "{{if .From}}Hi {{.From}}{{end}}", nil, "Hi 14155551"},
		{"if else", "{{if .CallerName}}Hi {{.CallerName}}{{else}}Hi caller{{end}}", nil, "Hi caller"},
		{"else if", "{{if .CallerName}}a{{else if .Fields.x}}b{{else}}c{{end}}", map[string]string{"x": "1"}, "b"},
		{"with dot", "{{with .From}}Hi {{.}}{{end}}", nil, "Hi 14155551"},
		{"with else", "{{with .CallerName}}Hi {{.}}{{else}}Hello{{end}}", nil, "Hello"},
		{"with map", "{{with .Fields}}{{.note}}{{end}}", map[string]string{"note": "n"}, "n"},
		{"else with", "{{with .CallerName}}a{{else with .To}}to {{.}}{{end}}", nil, "to 14155550199"},
		{"trim and comment", "Bye {{- /* who */ -}} !", nil, "Bye!"},
		{"dollar sign text", "Costs $5 {{.Room}}", nil, "Costs $5 Sales"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-1", "Sales", "1", "j1")
			_, err := fx.flow.Kick(t.Context(), flow.Call("call-1"), flow.Continuation{Announce: tt.give, Fields: tt.fields})
			require.NoError(t, err)
			assert.Contains(t, fx.fetch("call-1"), "<Speak>"+tt.want+"</Speak>")
		})
	}
}

// TestKickTemplateExecutionErrors checks that an announcement that fails
// for a member says where and why in flow's words, without text/template's
// prefix or Go type names.
func TestKickTemplateExecutionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		give   string
		fields map[string]string
		want   string
	}{
		{"unknown field", "Hi {{.Name}}", nil,
			"flow: invalid argument: announcement for call call-a: 1:5: <.Name>: can't evaluate field Name"},
		{"missing key", "Hi {{.Fields.x}}", nil,
			`flow: invalid argument: announcement for call call-a: 1:12: <.Fields.x>: map has no entry for key "x"`},
		{"field of a text", "Hi {{.From.Name}}", nil,
			"flow: invalid argument: announcement for call call-a: 1:10: <.From.Name>: can't evaluate field Name"},
		{"output too long", "{{.Fields.x}}{{.Fields.x}}", map[string]string{"x": strings.Repeat("x", flow.MaxAnnounceBytes/2+1)},
			"flow: invalid argument: announcement for call call-a: announcement longer than 4096 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t)
			fx.join("call-a", "Sales", "1", "j1")
			_, err := fx.flow.Kick(t.Context(), flow.Call("call-a"), flow.Continuation{Announce: tt.give, Fields: tt.fields})
			require.ErrorIs(t, err, flow.ErrInvalidArgument)
			assert.Equal(t, tt.want, err.Error())
			assert.NotContains(t, err.Error(), "TemplateData")
			assert.NotContains(t, err.Error(), "template:")
			assert.Empty(t, fx.srv.Requests(), "no kick sent")
		})
	}
}
