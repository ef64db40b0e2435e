package xml_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// randomDocuments is how many seeded random documents the property tests
// check; -short checks fewer.
func randomDocuments(t *testing.T) int {
	if testing.Short() {
		return 300
	}
	return 3000
}

// requireWellFormed checks that data is exactly one well-formed XML
// document with the root Response, for both encoding/xml's strict decoder
// and etree's validating reader.
func requireWellFormed(t *testing.T, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "encoding/xml: %s", data)
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				require.Equal(t, "Response", el.Name.Local)
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	require.Equal(t, 1, roots, "%s", data)

	doc := etree.NewDocument()
	doc.ReadSettings.ValidateInput = true
	require.NoError(t, doc.ReadFromBytes(data), "etree: %s", data)
	require.NotNil(t, doc.Root())
	require.Equal(t, "Response", doc.Root().Tag)
}

// writeEtree returns the bytes etree writes for doc with its default
// settings.
func writeEtree(t *testing.T, doc *etree.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := doc.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// checkValid runs the properties of a valid generated document: it renders
// to the bytes of its independently built etree twin, the package's own
// Etree writes the same, and compact and indented output are well-formed
// and canonically equal.
func checkValid(t *testing.T, resp *vxml.Response, want *etree.Document) {
	t.Helper()
	out, err := resp.Render()
	require.NoError(t, err)
	assert.Equal(t, string(writeEtree(t, want)), string(out), "fast writer and etree disagree")
	requireWellFormed(t, out)

	doc, err := resp.Etree()
	require.NoError(t, err)
	assert.Equal(t, string(out), string(writeEtree(t, doc)), "Etree and Render disagree")

	indented, err := resp.RenderIndent()
	require.NoError(t, err)
	require.True(t, bytes.HasSuffix(indented, []byte("\n")))
	// etree's validating reader rejects anything after the root element,
	// even the final newline.
	requireWellFormed(t, bytes.TrimSuffix(indented, []byte("\n")))
	same, err := vxml.CanonicalEqual(out, indented)
	require.NoError(t, err)
	assert.True(t, same, "indented differs from compact:\n%s\n%s", out, indented)
}

// TestRandomDocumentsRender checks the properties of checkValid on seeded
// random valid documents.
func TestRandomDocumentsRender(t *testing.T) {
	t.Parallel()
	for seed := range uint64(randomDocuments(t)) {
		resp, want := newGen(newRandSource(seed)).response()
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			checkValid(t, resp, want)
		})
		if t.Failed() {
			return
		}
	}
}

// attrsTypes maps each element to its attributes struct, whose fields
// other than Extra are the element's typed attributes.
var attrsTypes = map[string]reflect.Type{
	"Speak":      reflect.TypeFor[vxml.SpeakAttrs](),
	"Play":       reflect.TypeFor[vxml.PlayAttrs](),
	"Wait":       reflect.TypeFor[vxml.WaitAttrs](),
	"Redirect":   reflect.TypeFor[vxml.RedirectAttrs](),
	"Hangup":     reflect.TypeFor[vxml.HangupAttrs](),
	"DTMF":       reflect.TypeFor[vxml.DTMFAttrs](),
	"Gather":     reflect.TypeFor[vxml.GatherAttrs](),
	"Dial":       reflect.TypeFor[vxml.DialAttrs](),
	"Number":     reflect.TypeFor[vxml.NumberAttrs](),
	"User":       reflect.TypeFor[vxml.UserAttrs](),
	"Record":     reflect.TypeFor[vxml.RecordAttrs](),
	"Stream":     reflect.TypeFor[vxml.StreamAttrs](),
	"Conference": reflect.TypeFor[vxml.ConferenceAttrs](),
}

// TestGeneratorCoverage checks that the random documents use every
// element, every typed attribute of each, Extra attributes, Dial's
// shorthand, and every SSML tag with each of its attributes.
func TestGeneratorCoverage(t *testing.T) {
	t.Parallel()
	seen := map[string]map[string]bool{}
	extraNames := map[string]bool{"data-id": true, "x-trace": true, "ext.note": true, "_k": true, "tag9": true}
	extra, shorthand := false, false
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if seen[e.Tag] == nil {
			seen[e.Tag] = map[string]bool{}
		}
		for _, a := range e.Attr {
			if extraNames[a.FullKey()] {
				extra = true
				continue
			}
			seen[e.Tag][a.FullKey()] = true
		}
		if e.Tag == "Dial" && len(e.ChildElements()) == 0 && e.Text() != "" {
			shorthand = true
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	for seed := range uint64(randomDocuments(t)) {
		_, doc := newGen(newRandSource(seed)).response()
		walk(doc.Root())
	}

	assert.Len(t, seen, 1+len(attrsTypes)+1+len(ssmlTags), "Response, PreAnswer, the elements with attributes and the SSML tags")
	require.Contains(t, seen, "PreAnswer")
	for name, typ := range attrsTypes {
		assert.Len(t, seen[name], typ.NumField()-1, "typed attributes of %s: %v", name, seen[name])
	}
	for _, tag := range ssmlTags {
		assert.Len(t, seen[tag.name], len(tag.required)+len(tag.optional), "attributes of <%s>", tag.name)
	}
	assert.True(t, extra, "no Extra attribute generated")
	assert.True(t, shorthand, "no Dial shorthand generated")
}

// badText are the strings that must make a text fail validation, and
// badAttr those that must make an attribute value fail.
var (
	badText = []string{"\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\r", "\xff", "\xc3", "\xed\xa0\x80", "\ufffe", "\uffff"}
	badAttr = append([]string{"\t", "\n"}, badText...)
)

// TestBrokenUserStringsFail puts a character that cannot be written into
// one user string of each random valid document and checks that every
// render path refuses the document with a validation error.
func TestBrokenUserStringsFail(t *testing.T) {
	t.Parallel()
	for seed := range uint64(randomDocuments(t)) {
		g := newGen(newRandSource(seed))
		resp, _ := g.response()
		if len(g.slots) == 0 {
			continue
		}
		s := g.slots[g.pick(len(g.slots))]
		bad := badText
		if s.inAttr {
			bad = badAttr
		}
		b := bad[g.pick(len(bad))]
		old := s.get()
		at := runeBoundary(old, g.pick(len(old)+1))
		s.set(old[:at] + b + old[at:])
		t.Run(strconv.FormatUint(seed, 10)+"/"+s.where+"/"+strconv.Quote(b), func(t *testing.T) {
			requireInvalid(t, resp)
		})
		if t.Failed() {
			return
		}
	}
}

// requireInvalid checks that every render path refuses resp with a
// validation error.
func requireInvalid(t *testing.T, resp *vxml.Response) {
	t.Helper()
	out, err := resp.Render()
	require.ErrorIs(t, err, vxml.ErrInvalid)
	var verr *vxml.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Nil(t, out)
	_, err = resp.RenderIndent()
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	_, err = resp.Etree()
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	var buf bytes.Buffer
	_, err = resp.WriteTo(&buf)
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	assert.Zero(t, buf.Len())
}

// runeBoundary returns the largest index ≤ i that starts a rune of s (or
// is len(s)).
func runeBoundary(s string, i int) int {
	for i > 0 && i < len(s) && !isRuneStart(s[i]) {
		i--
	}
	return i
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// TestGeneratorByteSource checks that the fuzz-byte source gives the
// smallest document when it has no bytes and valid documents otherwise.
func TestGeneratorByteSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give []byte
	}{
		{name: "empty", give: nil},
		{name: "all ones", give: bytes.Repeat([]byte{1}, 64)},
		{name: "all 0xff", give: bytes.Repeat([]byte{0xff}, 512)},
		{name: "raw text", give: []byte("\x05\x04\x03\x00\x04\x04\x04\x04\xff\xfe<&\x00é]]>\r\n\t日本")},
		{name: "counting", give: func() []byte {
			b := make([]byte, 2048)
			for i := range b {
				b[i] = byte(i * 7)
			}
			return b
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, want := newGen(newByteSource(tt.give)).response()
			checkValid(t, resp, want)
		})
	}
	resp, _ := newGen(newByteSource(nil)).response()
	assert.Empty(t, resp.Elements)
}

// FuzzRenderMatchesEtree builds a valid document from the fuzz bytes and
// checks that the package's writer gives the same bytes as the document
// built with etree (see gen), that the result is well-formed, and that a
// character that cannot be written, put into one of its user strings,
// makes rendering fail.
func FuzzRenderMatchesEtree(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x06\x0b\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"))
	f.Add([]byte("\x03\x00\x01\x02\x03\x04\x05\x04\x04\x04&<>\"']]>\x04\x04\xe6\x97\xa5\xf0\x9f\x98\x80"))
	f.Add([]byte("\x05\x08\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x03\x01"))
	f.Add([]byte("\x04\x00\x01\x02\x00\x01\x01\x01\x01\x01\x01\x00\x01\x07\x01\x02\x01\x03\x01\x04\x01\x05\x01\x06\x01\x08\x01\x09"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := newGen(newByteSource(data))
		resp, want := g.response()
		checkValid(t, resp, want)
		if len(g.slots) == 0 {
			return
		}
		s := g.slots[g.pick(len(g.slots))]
		bad := badText
		if s.inAttr {
			bad = badAttr
		}
		b := bad[g.pick(len(bad))]
		old := s.get()
		at := runeBoundary(old, g.pick(len(old)+1))
		s.set(old[:at] + b + old[at:])
		requireInvalid(t, resp)
	})
}

// TestCleanText checks the generator's cleaning of raw fuzz bytes.
func TestCleanText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give       string
		giveInAttr bool
		want       string
	}{
		{give: "a\x00b\rc\td\ne", want: "abc\td\ne"},
		{give: "a\x00b\rc\td\ne", giveInAttr: true, want: "abcde"},
		{give: "ok\xff\ufffe\uffff日本", want: "ok日本"},
		{give: strings.Repeat("é", 3), want: "ééé"},
	}
	for _, tt := range tests {
		t.Run(strconv.Quote(tt.give)+"/"+strconv.FormatBool(tt.giveInAttr), func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, cleanText(tt.give, tt.giveInAttr))
		})
	}
}
