package xml_test

import (
	"testing"

	"github.com/beevik/etree"

	vxml "github.com/kickflow/kickflow/xml"
)

// parseBenchDoc is the five-element reference document of the project's
// library notes, byte for byte (351 bytes).
const parseBenchDoc = `<?xml version="1.0" encoding="UTF-8"?><Response><Conference enterSound="beep:1" exitSound="beep:2" startConferenceOnEnter="true" endConferenceOnExit="false">Room</Conference><Speak voice="WOMAN" language="en-US">Hello, thanks for calling. Please hold.</Speak><Wait length="2"/><Redirect method="POST">https://example.com/next?x=1</Redirect></Response>`

// BenchmarkParse reads the reference document into the model, validation
// included.
func BenchmarkParse(b *testing.B) {
	data := []byte(parseBenchDoc)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := vxml.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseEtree reads the same document into an etree tree, for
// scale: it builds no typed model and checks nothing.
func BenchmarkParseEtree(b *testing.B) {
	data := []byte(parseBenchDoc)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}
