package golden_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
)

const decl = `<?xml version="1.0" encoding="UTF-8"?>`

func TestDiffFirstDifference(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveWant string
		giveGot  string
		want     string
	}{
		{
			name:     "attribute value",
			giveWant: `<Response><Conference enterSound="beep:1">Room</Conference></Response>`,
			giveGot:  `<Response><Conference enterSound="beep:2">Room</Conference></Response>`,
			want:     `Response/Conference[1]@enterSound: got "beep:2", want "beep:1"`,
		},
		{
			name:     "attribute missing",
			giveWant: `<Response><Speak>Hi</Speak><Wait length="2"/></Response>`,
			giveGot:  `<Response><Speak>Hi</Speak><Wait/></Response>`,
			want:     `Response/Wait[1]@length: missing, want "2"`,
		},
		{
			name:     "attribute unexpected",
			giveWant: `<Response><Hangup/></Response>`,
			giveGot:  `<Response><Hangup reason="busy"/></Response>`,
			want:     `Response/Hangup[1]@reason: unexpected, got "busy"`,
		},
		{
			name:     "attribute order",
			giveWant: `<Response><Speak voice="WOMAN" language="en-US">Hi</Speak></Response>`,
			giveGot:  `<Response><Speak language="en-US" voice="WOMAN">Hi</Speak></Response>`,
			want:     `Response/Speak[1]: attribute order: got language voice, want voice language`,
		},
		{
			name:     "element renamed",
			giveWant: `<Response><Speak>Hi</Speak><Play>https://a.example/x.mp3</Play></Response>`,
			giveGot:  `<Response><Speak>Hi</Speak><Redirect>https://a.example/x.mp3</Redirect></Response>`,
			want:     `Response/Play[1]: got <Redirect>, want <Play>`,
		},
		{
			name:     "element added",
			giveWant: `<Response><Speak>Hi</Speak></Response>`,
			giveGot:  `<Response><Speak>Hi</Speak><Hangup/></Response>`,
			want:     `Response/Hangup[1]: unexpected <Hangup>`,
		},
		{
			name:     "second of a name missing",
			giveWant: `<Response><Speak>a</Speak><Speak>b</Speak></Response>`,
			giveGot:  `<Response><Speak>a</Speak></Response>`,
			want:     `Response/Speak[2]: missing <Speak>`,
		},
		{
			name:     "nested text",
			giveWant: `<Response><Gather action="https://a.example/g"><Speak>Press 1</Speak><Speak>Press 2</Speak></Gather></Response>`,
			giveGot:  `<Response><Gather action="https://a.example/g"><Speak>Press 1</Speak><Speak>Press 3</Speak></Gather></Response>`,
			want:     `Response/Gather[1]/Speak[2]: text: got "Press 3", want "Press 2"`,
		},
		{
			name:     "ssml attribute",
			giveWant: `<Response><Speak>One <break time="1s"/> two</Speak></Response>`,
			giveGot:  `<Response><Speak>One <break time="2s"/> two</Speak></Response>`,
			want:     `Response/Speak[1]/break[1]@time: got "2s", want "1s"`,
		},
		{
			name:     "spoken whitespace",
			giveWant: `<Response><Speak>One <break/> two</Speak></Response>`,
			giveGot:  `<Response><Speak>One<break/> two</Speak></Response>`,
			want:     `Response/Speak[1]: text: got "One", want "One "`,
		},
		{
			name:     "spoken whitespace between tags",
			giveWant: `<Response><Speak><say-as interpret-as="digits">1</say-as> <break/></Speak></Response>`,
			giveGot:  `<Response><Speak><say-as interpret-as="digits">1</say-as><break/></Speak></Response>`,
			want:     `Response/Speak[1]: got <break>, want text " "`,
		},
		{
			name:     "declaration",
			giveWant: decl + `<Response/>`,
			giveGot:  `<Response/>`,
			want:     `(before the root): missing "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"`,
		},
		{
			name:     "root",
			giveWant: `<Response/>`,
			giveGot:  `<Document/>`,
			want:     `Response: got root <Document>, want <Response>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := golden.Diff([]byte(tt.giveWant), []byte(tt.giveGot))
			require.NoError(t, err)
			first, _, _ := strings.Cut(got, "\n")
			assert.Equal(t, "first difference at "+tt.want, first)
			assert.Contains(t, got, "--- Expected\n+++ Actual\n")
		})
	}
}

func TestDiffHunk(t *testing.T) {
	t.Parallel()
	want := decl + `<Response><Conference stayAlone="true">Room</Conference><Speak>You have been removed</Speak><Redirect>https://app.example.com/next</Redirect><Hangup/></Response>`
	got := strings.Replace(want, "removed", "moved", 1)

	report, err := golden.Diff([]byte(want), []byte(got))
	require.NoError(t, err)

	assert.Equal(t, "first difference at Response/Speak[1]: text: got \"You have been moved\", want \"You have been removed\"\n"+
		"--- Expected\n"+
		"+++ Actual\n"+
		"@@ -3,3 +3,3 @@\n"+
		"   <Conference stayAlone=\"true\">Room</Conference>\n"+
		"-  <Speak>You have been removed</Speak>\n"+
		"+  <Speak>You have been moved</Speak>\n"+
		"   <Redirect>https://app.example.com/next</Redirect>\n", report)
}

func TestDiffFormatting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveWant string
		giveGot  string
		want     []string
	}{
		{
			name:     "whitespace between elements",
			giveWant: `<Response><Hangup/></Response>`,
			giveGot:  "<Response>\n  <Hangup/>\n</Response>",
			want:     []string{`no element differs; the bytes differ only between elements, first at offset 10: got "<Response>\n  <Hangup/>\n</Response>", want "<Response><Hangup/></Response>"`},
		},
		{
			name:     "empty-element form",
			giveWant: `<Response><Hangup/></Response>`,
			giveGot:  `<Response><Hangup></Hangup></Response>`,
			want:     []string{"no element differs; the bytes differ in quoting, escaping or the empty-element form\n", "-  <Hangup/>\n+  <Hangup></Hangup>\n"},
		},
		{
			name:     "escaping",
			giveWant: `<Response><Speak>Rock &amp; roll</Speak></Response>`,
			giveGot:  `<Response><Speak>Rock &#38; roll</Speak></Response>`,
			want:     []string{"no element differs;", "-  <Speak>Rock &amp; roll</Speak>\n+  <Speak>Rock &#38; roll</Speak>\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := golden.Diff([]byte(tt.giveWant), []byte(tt.giveGot))
			require.NoError(t, err)
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
			assert.NotContains(t, got, "first difference")
		})
	}
}

func TestDiffEqual(t *testing.T) {
	t.Parallel()
	doc := []byte(decl + `<Response><Hangup/></Response>`)
	got, err := golden.Diff(doc, doc)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestDiffMalformed(t *testing.T) {
	t.Parallel()
	good := []byte(`<Response/>`)
	tests := []struct {
		name     string
		giveWant string
		giveGot  string
		fn       func(want, got []byte) (string, error)
	}{
		{name: "want", giveWant: `<Response>`, giveGot: string(good), fn: golden.Diff},
		{name: "got", giveWant: string(good), giveGot: `<Response></Speak>`, fn: golden.Diff},
		{name: "canonical want", giveWant: `<a/><b/>`, giveGot: string(good), fn: golden.DiffCanonical},
		{name: "canonical got", giveWant: string(good), giveGot: `text`, fn: golden.DiffCanonical},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.fn([]byte(tt.giveWant), []byte(tt.giveGot))
			assert.ErrorIs(t, err, golden.ErrMalformed)
		})
	}
}
