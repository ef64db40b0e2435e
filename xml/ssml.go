package xml

// Node is one piece of the content of a Speak: a Text or a *Tag. The
// interface is sealed: only this package's types implement it.
type Node interface {
	// ssmlNode marks the SSML node types.
	ssmlNode()
}

// Text is character data inside a Speak or an SSML tag. It is escaped when
// rendered. It must not be empty, and two Text nodes must not be adjacent, so
// that a parsed document gives back the same model.
type Text string

func (Text) ssmlNode() {}

// Tag is an SSML tag inside a Speak, such as <break time="1s"/> or
// <prosody rate="fast">…</prosody>.
//
// Name is one of the lower-case SSML tag names: break, emphasis, lang, p,
// phoneme, prosody, s, say-as, sub, w. The attributes allowed per tag are:
// break (strength, time), emphasis (level), lang (xml:lang), phoneme
// (alphabet, ph), prosody (volume, rate, pitch), say-as (interpret-as,
// format), sub (alias), w (role); p and s take none. Attributes are written
// in slice order. A break has no content.
type Tag struct {
	// Name is the lower-case tag name.
	Name string
	// Attrs are the tag's attributes in the order they are written.
	Attrs []Attr
	// Content is the text and tags inside the tag.
	Content []Node
}

func (*Tag) ssmlNode() {}

// ssmlAttrAllowed reports whether the SSML tag name is known and, when attr
// is not empty, whether it takes the attribute attr.
func ssmlAttrAllowed(tag, attr string) bool {
	switch tag {
	case "break":
		return attr == "" || attr == "strength" || attr == "time"
	case "emphasis":
		return attr == "" || attr == "level"
	case "lang":
		return attr == "" || attr == "xml:lang"
	case "p", "s":
		return attr == ""
	case "phoneme":
		return attr == "" || attr == "alphabet" || attr == "ph"
	case "prosody":
		return attr == "" || attr == "volume" || attr == "rate" || attr == "pitch"
	case "say-as":
		return attr == "" || attr == "interpret-as" || attr == "format"
	case "sub":
		return attr == "" || attr == "alias"
	case "w":
		return attr == "" || attr == "role"
	}
	return false
}
