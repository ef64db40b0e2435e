package golden_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
)

// sdkDoc is a document as another writer produced it: the golden file of
// the canonical tests.
const sdkDoc = decl + `<Response><Conference enterSound="beep:1" stayAlone="true">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak><Wait length="2"/></Response>`

func TestAssertXMLCanonicalEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
	}{
		{name: "same bytes", give: sdkDoc},
		{name: "attribute order", give: decl + `<Response><Conference stayAlone="true" enterSound="beep:1">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak><Wait length="2"/></Response>`},
		{name: "indented", give: decl + "\n<Response>\n  <Conference enterSound=\"beep:1\" stayAlone=\"true\">Room</Conference>\n  <Speak voice=\"WOMAN\">Rock &amp; roll <break time=\"1s\"/></Speak>\n  <Wait length=\"2\"/>\n</Response>\n"},
		{name: "end tags", give: decl + `<Response><Conference enterSound="beep:1" stayAlone="true">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"></break></Speak><Wait length="2"></Wait></Response>`},
		{name: "quotes and references", give: `<Response><Conference enterSound='beep:1' stayAlone='true'>Room</Conference><Speak voice='WOMAN'>Rock &#38; roll <break time='1s'/></Speak><Wait length='2'/></Response>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeGolden(t, dir, "sdk", []byte(sdkDoc))

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertXML(tb, "sdk", []byte(tt.give), golden.WithCanonical(), golden.WithFixtureDir(dir), golden.WithUpdate(false))
			})

			assert.True(t, ok, rec.output())
			if tt.give != sdkDoc {
				// Byte for byte, the same documents differ.
				rec, ok := record(t, func(tb testing.TB) bool {
					return golden.AssertXML(tb, "sdk", []byte(tt.give), golden.WithFixtureDir(dir), golden.WithUpdate(false))
				})
				assert.False(t, ok)
				assert.Contains(t, rec.output(), "does not match")
			}
		})
	}
}

func TestAssertXMLCanonicalDifferent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
		want string
	}{
		{
			name: "attribute value",
			give: `<Response><Conference stayAlone="false" enterSound="beep:1">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak><Wait length="2"/></Response>`,
			want: `first difference at Response/Conference[1]@stayAlone: got "false", want "true"`,
		},
		{
			name: "extra attribute",
			give: `<Response><Conference enterSound="beep:1" stayAlone="true" muted="true">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak><Wait length="2"/></Response>`,
			want: `first difference at Response/Conference[1]@muted: unexpected, got "true"`,
		},
		{
			name: "room name spacing",
			give: `<Response><Conference enterSound="beep:1" stayAlone="true"> Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak><Wait length="2"/></Response>`,
			want: `first difference at Response/Conference[1]: text: got " Room", want "Room"`,
		},
		{
			name: "spoken whitespace",
			give: `<Response><Conference enterSound="beep:1" stayAlone="true">Room</Conference><Speak voice="WOMAN">Rock &amp; roll<break time="1s"/></Speak><Wait length="2"/></Response>`,
			want: `first difference at Response/Speak[1]: text: got "Rock & roll", want "Rock & roll "`,
		},
		{
			name: "element order",
			give: `<Response><Conference enterSound="beep:1" stayAlone="true">Room</Conference><Wait length="2"/><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak></Response>`,
			want: `first difference at Response/Speak[1]: got <Wait>, want <Speak>`,
		},
		{
			name: "missing element",
			give: `<Response><Conference enterSound="beep:1" stayAlone="true">Room</Conference><Speak voice="WOMAN">Rock &amp; roll <break time="1s"/></Speak></Response>`,
			want: `first difference at Response/Wait[1]: missing <Wait>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeGolden(t, dir, "sdk", []byte(sdkDoc))

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertXML(tb, "sdk", []byte(tt.give), golden.WithCanonical(), golden.WithFixtureDir(dir), golden.WithUpdate(false))
			})

			assert.False(t, ok)
			assert.Contains(t, rec.output(), tt.want)
			assert.Contains(t, rec.output(), "--- Expected\n+++ Actual\n")
		})
	}
}

// TestAssertXMLCanonicalUpdate shows that canonical mode still stores the
// bytes as received.
func TestAssertXMLCanonicalUpdate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	give := "<Response>\n  <Wait length='2'></Wait>\n</Response>\n"

	rec, ok := record(t, func(tb testing.TB) bool {
		return golden.AssertXML(tb, "sdk", []byte(give), golden.WithCanonical(), golden.WithFixtureDir(dir), golden.WithUpdate(true))
	})

	assert.True(t, ok, rec.output())
	data, err := os.ReadFile(goldenFile(t, dir, "sdk"))
	require.NoError(t, err)
	assert.Equal(t, give, string(data))
}
