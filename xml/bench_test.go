package xml_test

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The four benchmarks below render the reference document of the project's
// library notes (a Conference, a Speak, a Wait and a Redirect; see
// referenceDoc) and are meant to be read together, as ratios from one run:
//
//	go test -run '^$' -bench . -benchmem -count 10 ./xml/
//
// The targets are: BuildRender at least 3× faster than EncodingXML, and
// RenderOnly within 3× of HandWritten with at most 2 allocations.

// BenchmarkBuildRender builds the reference document with the builder and
// renders it into a new slice, as an answer handler does per request.
func BenchmarkBuildRender(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		out, err := referenceDoc().Render()
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}

// BenchmarkRenderOnly renders an already built reference document
// (validation included) into a reused buffer.
func BenchmarkRenderOnly(b *testing.B) {
	r := referenceDoc()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		buf, err = r.AppendRender(buf[:0])
		if err != nil {
			b.Fatal(err)
		}
	}
	sinkBytes = buf
}

// BenchmarkEncodingXML fills the encoding/xml structs of the reference
// document and marshals them behind the XML declaration: the baseline for
// BenchmarkBuildRender.
func BenchmarkEncodingXML(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		out, err := marshalReference()
		if err != nil {
			b.Fatal(err)
		}
		sinkBytes = out
	}
}

// BenchmarkHandWritten appends the reference document with literal markup
// around escaped values into a reused buffer: the floor for
// BenchmarkRenderOnly.
func BenchmarkHandWritten(b *testing.B) {
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = appendReference(buf[:0], referenceValues)
	}
	sinkBytes = buf
}

// sinkBytes keeps benchmark results alive so the compiler cannot drop the
// work.
var sinkBytes []byte

// TestBenchmarkWritersAgree checks that the four benchmarks produce the same
// document, so their timings compare like with like. encoding/xml differs
// only in writing the empty Wait as a start and end tag.
func TestBenchmarkWritersAgree(t *testing.T) {
	t.Parallel()
	built, err := referenceDoc().Render()
	require.NoError(t, err)
	assert.Equal(t, referenceWant, string(built))

	rendered, err := referenceDoc().AppendRender(make([]byte, 0, 1024))
	require.NoError(t, err)
	assert.Equal(t, referenceWant, string(rendered))

	assert.Equal(t, referenceWant, string(appendReference(nil, referenceValues)))

	marshalled, err := marshalReference()
	require.NoError(t, err)
	assert.Equal(t, referenceWant, string(bytes.Replace(marshalled, []byte(`<Wait length="2"></Wait>`), []byte(`<Wait length="2"/>`), 1)))
}

// TestHandWrittenEscapes checks the floor's escaping, so that the floor does
// the work a real writer must do.
func TestHandWrittenEscapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want string
	}{
		{give: "plain", want: "plain"},
		{give: `a&b<c>d"e'f`, want: "a&amp;b&lt;c&gt;d&quot;e&apos;f"},
		{give: "tab\tnew\nline", want: "tab\tnew\nline"},
		{give: "bell\a", want: "bell\uFFFD"},
		{give: "bad\xffutf8", want: "bad\uFFFDutf8"},
		{give: "non\uFFFEchar", want: "non\uFFFDchar"},
		{give: "Grüße 日本 😀", want: "Grüße 日本 😀"},
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.give), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, string(appendEscapedFloor(nil, tt.give)))
		})
	}
}

// referenceText holds the user strings of the reference document.
type referenceText struct {
	Room, Speech, URL string
	Wait              int
}

// referenceValues are the user strings of referenceDoc.
var referenceValues = referenceText{
	Room:   "Room",
	Speech: "Hello, thanks for calling. Please hold.",
	URL:    "https://example.com/next?x=1",
	Wait:   2,
}

// appendReference is the hand-written writer: the reference document's
// markup as literals, each value escaped, in the attribute order this
// package documents.
func appendReference(dst []byte, v referenceText) []byte {
	dst = append(dst, `<?xml version="1.0" encoding="UTF-8"?><Response><Conference startConferenceOnEnter="true" endConferenceOnExit="false" enterSound="`...)
	dst = appendEscapedFloor(dst, "beep:1")
	dst = append(dst, `" exitSound="`...)
	dst = appendEscapedFloor(dst, "beep:2")
	dst = append(dst, `">`...)
	dst = appendEscapedFloor(dst, v.Room)
	dst = append(dst, `</Conference><Speak voice="`...)
	dst = appendEscapedFloor(dst, "WOMAN")
	dst = append(dst, `" language="`...)
	dst = appendEscapedFloor(dst, "en-US")
	dst = append(dst, `">`...)
	dst = appendEscapedFloor(dst, v.Speech)
	dst = append(dst, `</Speak><Wait length="`...)
	dst = strconv.AppendInt(dst, int64(v.Wait), 10)
	dst = append(dst, `"/><Redirect method="`...)
	dst = appendEscapedFloor(dst, "POST")
	dst = append(dst, `">`...)
	dst = appendEscapedFloor(dst, v.URL)
	return append(dst, `</Redirect></Response>`...)
}

// floorClass sorts ASCII bytes for appendEscapedFloor: 0 copies the byte,
// 1 escapes it as an entity, 2 replaces it with U+FFFD.
var floorClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range 0x20 {
		if c != '\t' && c != '\n' && c != '\r' {
			t[c] = 2
		}
	}
	for _, c := range `&<>"'` {
		t[c] = 1
	}
	return t
}()

// appendEscapedFloor appends s escaped for text or an attribute value: the
// five XML specials become entities; C0 controls, invalid UTF-8 and
// U+FFFE/U+FFFF become U+FFFD.
func appendEscapedFloor(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch floorClass[c] {
			case 0:
				i++
				continue
			case 1:
				dst = append(dst, s[last:i]...)
				dst = append(dst, floorEntity(c)...)
			default:
				dst = append(dst, s[last:i]...)
				dst = append(dst, "\uFFFD"...)
			}
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			last = i + size
		}
		i += size
	}
	return append(dst, s[last:]...)
}

func floorEntity(c byte) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '>':
		return "&gt;"
	case '"':
		return "&quot;"
	}
	return "&apos;"
}

// The encoding/xml form of the reference document: one struct per element,
// fields in the order the attributes are written.
type (
	encResponse struct {
		XMLName    xml.Name `xml:"Response"`
		Conference encConference
		Speak      encSpeak
		Wait       encWait
		Redirect   encRedirect
	}
	encConference struct {
		XMLName                xml.Name `xml:"Conference"`
		StartConferenceOnEnter string   `xml:"startConferenceOnEnter,attr,omitempty"`
		EndConferenceOnExit    string   `xml:"endConferenceOnExit,attr,omitempty"`
		EnterSound             string   `xml:"enterSound,attr,omitempty"`
		ExitSound              string   `xml:"exitSound,attr,omitempty"`
		Room                   string   `xml:",chardata"`
	}
	encSpeak struct {
		XMLName  xml.Name `xml:"Speak"`
		Voice    string   `xml:"voice,attr,omitempty"`
		Language string   `xml:"language,attr,omitempty"`
		Text     string   `xml:",chardata"`
	}
	encWait struct {
		XMLName xml.Name `xml:"Wait"`
		Length  int      `xml:"length,attr,omitempty"`
	}
	encRedirect struct {
		XMLName xml.Name `xml:"Redirect"`
		Method  string   `xml:"method,attr,omitempty"`
		URL     string   `xml:",chardata"`
	}
)

// marshalReference builds and marshals the reference document with
// encoding/xml, behind the same XML declaration this package writes.
func marshalReference() ([]byte, error) {
	v := encResponse{
		Conference: encConference{StartConferenceOnEnter: "true", EndConferenceOnExit: "false", EnterSound: "beep:1", ExitSound: "beep:2", Room: referenceValues.Room},
		Speak:      encSpeak{Voice: "WOMAN", Language: "en-US", Text: referenceValues.Speech},
		Wait:       encWait{Length: referenceValues.Wait},
		Redirect:   encRedirect{Method: "POST", URL: referenceValues.URL},
	}
	body, err := xml.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(decl)+len(body))
	out = append(out, decl...)
	return append(out, body...), nil
}
