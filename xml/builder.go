package xml

import "strconv"

// The builder methods append an element to the document and return the
// Response, so calls chain. The attrs argument is optional; passing more
// than one is a mistake that Validate and Render report (the first is used).

// Speak appends a Speak that says text.
func (r *Response) Speak(text string, attrs ...SpeakAttrs) *Response {
	r.one(len(attrs), "Speak")
	r.add(newSpeak(text, first(attrs)))
	return r
}

// SpeakSSML appends a Speak whose content, text and SSML tags, is built by
// fn.
func (r *Response) SpeakSSML(attrs SpeakAttrs, fn func(*SSMLBuilder)) *Response {
	s := &Speak{Attrs: attrs}
	r.add(s)
	buildSSML(&s.Content, fn)
	return r
}

// Play appends a Play of the audio file at url.
func (r *Response) Play(url string, attrs ...PlayAttrs) *Response {
	r.one(len(attrs), "Play")
	r.add(&Play{Attrs: first(attrs), URL: url})
	return r
}

// Wait appends a Wait.
func (r *Response) Wait(attrs ...WaitAttrs) *Response {
	r.one(len(attrs), "Wait")
	r.add(&Wait{Attrs: first(attrs)})
	return r
}

// Redirect appends a Redirect to url.
func (r *Response) Redirect(url string, attrs ...RedirectAttrs) *Response {
	r.one(len(attrs), "Redirect")
	r.add(&Redirect{Attrs: first(attrs), URL: url})
	return r
}

// Hangup appends a Hangup.
func (r *Response) Hangup(attrs ...HangupAttrs) *Response {
	r.one(len(attrs), "Hangup")
	r.add(&Hangup{Attrs: first(attrs)})
	return r
}

// DTMF appends a DTMF that sends digits.
func (r *Response) DTMF(digits string, attrs ...DTMFAttrs) *Response {
	r.one(len(attrs), "DTMF")
	r.add(&DTMF{Attrs: first(attrs), Digits: digits})
	return r
}

// Record appends a Record.
func (r *Response) Record(attrs ...RecordAttrs) *Response {
	r.one(len(attrs), "Record")
	r.add(&Record{Attrs: first(attrs)})
	return r
}

// Stream appends a Stream to the WebSocket server at url.
func (r *Response) Stream(url string, attrs ...StreamAttrs) *Response {
	r.one(len(attrs), "Stream")
	r.add(&Stream{Attrs: first(attrs), URL: url})
	return r
}

// Conference appends a Conference that joins the caller to room.
func (r *Response) Conference(room string, attrs ...ConferenceAttrs) *Response {
	r.one(len(attrs), "Conference")
	r.add(&Conference{Attrs: first(attrs), Room: room})
	return r
}

// PreAnswer appends a PreAnswer whose children are added by fn.
func (r *Response) PreAnswer(fn func(*PreAnswerBuilder)) *Response {
	p := &PreAnswer{}
	r.add(p)
	if fn != nil {
		fn(&PreAnswerBuilder{b: childBuilder{r: r, parent: len(r.Elements) - 1, elems: &p.Elements}})
	}
	return r
}

// Gather appends a Gather whose prompts are added by fn.
func (r *Response) Gather(attrs GatherAttrs, fn func(*GatherBuilder)) *Response {
	g := &Gather{Attrs: attrs}
	r.add(g)
	if fn != nil {
		fn(&GatherBuilder{b: childBuilder{r: r, parent: len(r.Elements) - 1, elems: &g.Elements}})
	}
	return r
}

// Dial appends a Dial whose destinations are added by fn.
func (r *Response) Dial(attrs DialAttrs, fn func(*DialBuilder)) *Response {
	d := &Dial{Attrs: attrs}
	r.add(d)
	if fn != nil {
		fn(&DialBuilder{b: childBuilder{r: r, parent: len(r.Elements) - 1, elems: &d.Elements}})
	}
	return r
}

// Add appends elements built elsewhere, for example with struct literals.
func (r *Response) Add(elems ...Element) *Response {
	r.Elements = append(r.Elements, elems...)
	return r
}

// PreAnswerBuilder adds the children of a PreAnswer. It is valid only inside
// the function passed to Response.PreAnswer.
type PreAnswerBuilder struct {
	b childBuilder
}

// Speak adds a Speak that says text.
func (b *PreAnswerBuilder) Speak(text string, attrs ...SpeakAttrs) *PreAnswerBuilder {
	b.b.speak(text, attrs)
	return b
}

// SpeakSSML adds a Speak whose content is built by fn.
func (b *PreAnswerBuilder) SpeakSSML(attrs SpeakAttrs, fn func(*SSMLBuilder)) *PreAnswerBuilder {
	b.b.speakSSML(attrs, fn)
	return b
}

// Play adds a Play of the audio file at url.
func (b *PreAnswerBuilder) Play(url string, attrs ...PlayAttrs) *PreAnswerBuilder {
	b.b.play(url, attrs)
	return b
}

// Wait adds a Wait.
func (b *PreAnswerBuilder) Wait(attrs ...WaitAttrs) *PreAnswerBuilder {
	b.b.mistake(len(attrs), "Wait")
	b.b.add(&Wait{Attrs: first(attrs)})
	return b
}

// GatherBuilder adds the prompts of a Gather. It is valid only inside the
// function passed to Response.Gather.
type GatherBuilder struct {
	b childBuilder
}

// Speak adds a Speak prompt that says text.
func (b *GatherBuilder) Speak(text string, attrs ...SpeakAttrs) *GatherBuilder {
	b.b.speak(text, attrs)
	return b
}

// SpeakSSML adds a Speak prompt whose content is built by fn.
func (b *GatherBuilder) SpeakSSML(attrs SpeakAttrs, fn func(*SSMLBuilder)) *GatherBuilder {
	b.b.speakSSML(attrs, fn)
	return b
}

// Play adds a Play prompt of the audio file at url.
func (b *GatherBuilder) Play(url string, attrs ...PlayAttrs) *GatherBuilder {
	b.b.play(url, attrs)
	return b
}

// DialBuilder adds the destinations of a Dial. It is valid only inside the
// function passed to Response.Dial.
type DialBuilder struct {
	b childBuilder
}

// Number adds a phone number to dial.
func (b *DialBuilder) Number(phone string, attrs ...NumberAttrs) *DialBuilder {
	b.b.mistake(len(attrs), "Number")
	b.b.add(&Number{Attrs: first(attrs), Phone: phone})
	return b
}

// User adds a SIP user to dial.
func (b *DialBuilder) User(uri string, attrs ...UserAttrs) *DialBuilder {
	b.b.mistake(len(attrs), "User")
	b.b.add(&User{Attrs: first(attrs), URI: uri})
	return b
}

// Record adds a Record to the Dial.
func (b *DialBuilder) Record(attrs ...RecordAttrs) *DialBuilder {
	b.b.mistake(len(attrs), "Record")
	b.b.add(&Record{Attrs: first(attrs)})
	return b
}

// SSMLBuilder adds the content of a Speak or an SSML tag: text and tags in
// order. It is valid only inside the function it was passed to.
type SSMLBuilder struct {
	nodes *[]Node
}

// Text adds text. Text directly after text is joined to it.
func (b *SSMLBuilder) Text(s string) *SSMLBuilder {
	if s == "" {
		return b
	}
	n := *b.nodes
	if len(n) > 0 {
		if t, ok := n[len(n)-1].(Text); ok {
			n[len(n)-1] = t + Text(s)
			return b
		}
	}
	*b.nodes = append(n, Text(s))
	return b
}

// Tag adds the SSML tag name with attrs, its content built by fn (which may
// be nil). The tag name and attributes are checked by Validate.
func (b *SSMLBuilder) Tag(name string, attrs []Attr, fn func(*SSMLBuilder)) *SSMLBuilder {
	t := &Tag{Name: name, Attrs: attrs}
	*b.nodes = append(*b.nodes, t)
	buildSSML(&t.Content, fn)
	return b
}

// Break adds a <break/> with attrs, e.g. Attr{"time", "500ms"}.
func (b *SSMLBuilder) Break(attrs ...Attr) *SSMLBuilder {
	return b.Tag("break", nilIfEmpty(attrs), nil)
}

// Emphasis adds <emphasis level="level">text</emphasis>; an empty level is
// left out.
func (b *SSMLBuilder) Emphasis(level, text string) *SSMLBuilder {
	return b.Tag("emphasis", optional("level", level), textOnly(text))
}

// Prosody adds a <prosody> with attrs (volume, rate, pitch) around the
// content built by fn.
func (b *SSMLBuilder) Prosody(attrs []Attr, fn func(*SSMLBuilder)) *SSMLBuilder {
	return b.Tag("prosody", nilIfEmpty(attrs), fn)
}

// SayAs adds <say-as interpret-as="interpretAs">text</say-as>.
func (b *SSMLBuilder) SayAs(interpretAs, text string) *SSMLBuilder {
	return b.Tag("say-as", optional("interpret-as", interpretAs), textOnly(text))
}

// Sub adds <sub alias="alias">text</sub>: text is written, alias is spoken.
func (b *SSMLBuilder) Sub(alias, text string) *SSMLBuilder {
	return b.Tag("sub", optional("alias", alias), textOnly(text))
}

// buildSSML runs fn on a builder for nodes.
func buildSSML(nodes *[]Node, fn func(*SSMLBuilder)) {
	if fn != nil {
		fn(&SSMLBuilder{nodes: nodes})
	}
}

func textOnly(text string) func(*SSMLBuilder) {
	return func(b *SSMLBuilder) { b.Text(text) }
}

func optional(name, value string) []Attr {
	if value == "" {
		return nil
	}
	return []Attr{{Name: name, Value: value}}
}

func nilIfEmpty(attrs []Attr) []Attr {
	if len(attrs) == 0 {
		return nil
	}
	return attrs
}

// childBuilder holds what the nested builders share.
type childBuilder struct {
	r      *Response
	parent int // the parent's position in r.Elements
	elems  *[]Element
}

func (b *childBuilder) add(e Element) { *b.elems = append(*b.elems, e) }

// mistake records a builder mistake when more than one attrs was passed to
// the builder of the next child named name.
func (b *childBuilder) mistake(n int, name string) {
	if n > 1 {
		b.r.fail(b.r.path(b.parent)+"/"+name+"["+strconv.Itoa(siblingIndex(*b.elems, name)+1)+"]", n)
	}
}

func (b *childBuilder) speak(text string, attrs []SpeakAttrs) {
	b.mistake(len(attrs), "Speak")
	b.add(newSpeak(text, first(attrs)))
}

func (b *childBuilder) speakSSML(attrs SpeakAttrs, fn func(*SSMLBuilder)) {
	s := &Speak{Attrs: attrs}
	b.add(s)
	buildSSML(&s.Content, fn)
}

func (b *childBuilder) play(url string, attrs []PlayAttrs) {
	b.mistake(len(attrs), "Play")
	b.add(&Play{Attrs: first(attrs), URL: url})
}

func newSpeak(text string, attrs SpeakAttrs) *Speak {
	s := &Speak{Attrs: attrs}
	if text != "" {
		s.Content = []Node{Text(text)}
	}
	return s
}

// first returns the first of attrs, or the zero value.
func first[A any](attrs []A) A {
	var a A
	if len(attrs) > 0 {
		a = attrs[0]
	}
	return a
}

func (r *Response) add(e Element) { r.Elements = append(r.Elements, e) }

// path returns the path of the top-level element at pos.
func (r *Response) path(pos int) string {
	name := r.Elements[pos].elementName()
	return "Response/" + name + "[" + strconv.Itoa(siblingIndex(r.Elements[:pos+1], name)) + "]"
}

// one records a builder mistake when more than one attrs was passed to the
// builder of the next top-level element named name.
func (r *Response) one(n int, name string) {
	if n > 1 {
		r.fail("Response/"+name+"["+strconv.Itoa(siblingIndex(r.Elements, name)+1)+"]", n)
	}
}

func (r *Response) fail(path string, n int) {
	r.errs = append(r.errs, &ValidationError{
		Path: path,
		Msg:  strconv.Itoa(n) + " attribute sets given, at most one is allowed",
	})
}

// siblingIndex counts the elements named name in elems.
func siblingIndex(elems []Element, name string) int {
	n := 0
	for _, e := range elems {
		if e != nil && e.elementName() == name {
			n++
		}
	}
	return n
}
