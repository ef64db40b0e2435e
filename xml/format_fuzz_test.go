package xml_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// FuzzFormat checks that a formatted document formats to itself, reads
// into the same model as its input, and keeps every comment.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{
		`<Response><Speak>Hi</Speak><Wait length="2"/></Response>`,
		"<!-- a --><Response><!-- b --><Gather action=\"https://a.example/\"><Play>https://a.example/a.mp3</Play><!--c--></Gather></Response><!--d-->",
		`<Response><Dial callerId="+1"><!-- x --><Number>+14155550101</Number></Dial></Response>`,
		`<Response><Speak>Hi <!-- x --></Speak></Response>`,
		`<Response><?pi x?></Response>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := vxml.Format(data)
		if err != nil {
			return
		}
		again, err := vxml.Format(out)
		require.NoError(t, err, "Format(Format(%q))", data)
		assert.Equal(t, string(out), string(again), "Format is not idempotent on %q", data)

		want, err := vxml.Parse(data, vxml.Lenient())
		require.NoError(t, err, "Format accepted %q", data)
		got, err := vxml.Parse(out, vxml.Lenient())
		require.NoError(t, err, "Parse(Format(%q))", data)
		assert.Equal(t, want, got, "Format changed the model of %q", data)
		assert.Equal(t, commentsOf(t, data), commentsOf(t, out), "comments of %q changed in %q", data, out)
	})
}

// commentsOf returns the text of the comments in the well-formed
// document data.
func commentsOf(t *testing.T, data []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err, "reading %q", data)
		if c, ok := tok.(xml.Comment); ok {
			out = append(out, string(c))
		}
	}
}
