package xml_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"

	vxml "github.com/kickflow/kickflow/xml"
)

// This file holds a generator of random valid documents for property and
// fuzz tests. Use it as
//
//	g := newGen(newRandSource(seed))   // or newGen(newByteSource(fuzzData))
//	resp, want := g.response()
//
// resp is a *vxml.Response that covers every element, every typed
// attribute, Extra attributes and SSML; want is the same document built
// directly with etree from the generator's own knowledge of names, order and
// value formats, independent of this package's writer. Writing want with
// etree's default settings gives the bytes resp must render to.
//
// Values stay within what Vobiz's XML pages document (enumerations,
// ranges, character sets, absolute http(s) and ws(s) URLs, cross-attribute
// rules), so that stricter validation keeps accepting them. User strings
// (room names, Speak and SSML text, URLs with quotes and ampersands in the
// query, caller names, hints, SSML aliases, Extra values) mix XML
// specials, "]]>", arbitrary Unicode and, from a byte source, raw fuzz
// bytes cleaned to valid XML characters. Text outside Speak has no leading
// or trailing white space and no tab or newline, so parsers that trim such
// text still give back the same model. g.slots lists every user string, for
// tests that break one on purpose.

// source supplies the generator's choices.
type source interface {
	// intn returns a number in [0, n) for n > 0.
	intn(n int) int
	// raw returns up to n raw bytes, or "" when the source has none.
	raw(n int) string
}

// randSource draws choices from a seeded *rand.Rand.
type randSource struct{ r *rand.Rand }

func newRandSource(seed uint64) randSource {
	return randSource{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (s randSource) intn(n int) int { return s.r.IntN(n) }

func (s randSource) raw(int) string { return "" }

// byteSource draws choices from fuzz bytes; once they run out every choice
// is 0, which the generator maps to the smallest document.
type byteSource struct{ data []byte }

func newByteSource(data []byte) *byteSource { return &byteSource{data: data} }

func (s *byteSource) intn(n int) int {
	if n <= 1 || len(s.data) == 0 {
		return 0
	}
	v := int(s.data[0])
	s.data = s.data[1:]
	if n > 256 && len(s.data) > 0 {
		v = v<<8 | int(s.data[0])
		s.data = s.data[1:]
	}
	return v % n
}

func (s *byteSource) raw(n int) string {
	n = min(n, len(s.data))
	out := string(s.data[:n])
	s.data = s.data[n:]
	return out
}

// slot is one user string of a generated document.
type slot struct {
	// where names the position, e.g. "Conference text" or "Dial@callerName".
	where string
	// inAttr reports whether the string is an attribute value.
	inAttr bool
	get    func() string
	set    func(string)
}

// gen builds one random valid document.
type gen struct {
	src source
	// noExtra leaves Extra attributes out (for strict parsers that reject
	// unknown attributes).
	noExtra bool
	slots   []slot
}

func newGen(src source) *gen { return &gen{src: src} }

func (g *gen) pick(n int) int { return g.src.intn(n) }

// oneIn reports true with probability 1/n.
func (g *gen) oneIn(n int) bool { return g.pick(n) == n-1 }

// set reports whether to write an optional attribute (about half of them).
func (g *gen) set() bool { return g.pick(2) == 1 }

func pickOf[T any](g *gen, values ...T) T { return values[g.pick(len(values))] }

// response returns a random valid document and its etree twin.
func (g *gen) response() (*vxml.Response, *etree.Document) {
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("Response")
	r := vxml.NewResponse()
	for range g.pick(7) {
		r.Add(g.topLevel(root))
	}
	return r, doc
}

func (g *gen) topLevel(parent *etree.Element) vxml.Element {
	switch g.pick(12) {
	case 0:
		return g.speak(parent)
	case 1:
		return g.play(parent)
	case 2:
		return g.wait(parent)
	case 3:
		return g.redirect(parent)
	case 4:
		return g.hangup(parent)
	case 5:
		return g.dtmf(parent)
	case 6:
		return g.preAnswer(parent)
	case 7:
		return g.gather(parent)
	case 8:
		return g.dial(parent)
	case 9:
		return g.record(parent, false)
	case 10:
		return g.stream(parent)
	default:
		return g.conference(parent)
	}
}

// Attribute helpers: each sets the model field and writes the attribute to
// the etree element in the same call, so the generation order is the
// documented attribute order.

func (*gen) attr(x *etree.Element, name, value string) { x.CreateAttr(name, value) }

func (g *gen) boolean(x *etree.Element, name string, p *vxml.Bool) {
	g.setBool(x, name, p, pickOf(g, vxml.Unset, vxml.True, vxml.False))
}

func (g *gen) setBool(x *etree.Element, name string, p *vxml.Bool, v vxml.Bool) {
	*p = v
	switch v {
	case vxml.True:
		g.attr(x, name, "true")
	case vxml.False:
		g.attr(x, name, "false")
	}
}

// seconds sets *p to a whole number of seconds in [lo, hi], or leaves it
// unset.
func (g *gen) seconds(x *etree.Element, name string, p *time.Duration, lo, hi int) {
	if g.set() {
		g.setSeconds(x, name, p, lo+g.pick(hi-lo+1))
	}
}

func (g *gen) setSeconds(x *etree.Element, name string, p *time.Duration, n int) {
	*p = time.Duration(n) * time.Second
	g.attr(x, name, strconv.Itoa(n))
}

func (g *gen) integer(x *etree.Element, name string, p **int, lo, hi int) {
	if g.set() {
		n := lo + g.pick(hi-lo+1)
		*p = vxml.Int(n)
		g.attr(x, name, strconv.Itoa(n))
	}
}

func enum[T ~string](g *gen, x *etree.Element, name string, p *T, values ...T) {
	if g.set() {
		setString(g, x, name, p, pickOf(g, values...))
	}
}

func setString[T ~string](g *gen, x *etree.Element, name string, p *T, v T) {
	*p = v
	if v != "" {
		g.attr(x, name, string(v))
	}
}

// userAttr sets a free-text attribute to v and records it as a slot.
func (g *gen) userAttr(x *etree.Element, where, name string, p *string, v string) {
	setString(g, x, name, p, v)
	g.slots = append(g.slots, slot{
		where: where + "@" + name, inAttr: true,
		get: func() string { return *p }, set: func(s string) { *p = s },
	})
}

// url sets an optional URL attribute.
func (g *gen) url(x *etree.Element, where, name string, p *string) {
	if g.set() {
		g.userAttr(x, where, name, p, g.httpURL())
	}
}

func (g *gen) method(x *etree.Element, name string, p *vxml.Method) {
	enum(g, x, name, p, vxml.MethodGet, vxml.MethodPost)
}

// text sets the text of a text-only element and records it as a slot.
func (g *gen) text(x *etree.Element, where string, p *string, v string) {
	*p = v
	x.SetText(v)
	g.slots = append(g.slots, slot{
		where: where + " text",
		get:   func() string { return *p }, set: func(s string) { *p = s },
	})
}

// extra adds Extra attributes whose names no element types.
func (g *gen) extra(x *etree.Element, where string, p *[]vxml.Attr) {
	if g.noExtra || !g.oneIn(3) {
		return
	}
	names := []string{"data-id", "x-trace", "ext.note", "_k", "tag9"}
	n := 1 + g.pick(3)
	start := g.pick(len(names))
	attrs := make([]vxml.Attr, n)
	for i := range attrs {
		attrs[i] = vxml.Attr{Name: names[(start+i)%len(names)], Value: g.attrText(true)}
	}
	*p = attrs
	for i := range attrs {
		a := &(*p)[i]
		g.attr(x, a.Name, a.Value)
		g.slots = append(g.slots, slot{
			where: where + "@" + a.Name, inAttr: true,
			get: func() string { return a.Value }, set: func(s string) { a.Value = s },
		})
	}
}

// Elements, attributes in the order of their attrs structs.

func (g *gen) speak(parent *etree.Element) *vxml.Speak {
	x := parent.CreateElement("Speak")
	s := &vxml.Speak{}
	a := &s.Attrs
	enum(g, x, "voice", &a.Voice, vxml.VoiceWoman, vxml.VoiceMan, "Polly.Amy", "Polly.Salli")
	enum(g, x, "language", &a.Language, "en-US", "en-GB", "de-DE", "fr-FR", "pt-BR", "sv-SE", "en-IN")
	g.integer(x, "loop", &a.Loop, 0, 5)
	g.extra(x, "Speak", &a.Extra)
	if g.oneIn(3) {
		s.Content = g.nodes(x, 2, true)
	} else {
		t := g.speechText()
		s.Content = []vxml.Node{vxml.Text(t)}
		x.CreateText(t)
		g.textNodeSlot("Speak text", s.Content, 0)
	}
	return s
}

// nodes returns 1 to 4 SSML nodes, no two texts adjacent, below x; depth
// bounds the nesting of tags.
func (g *gen) nodes(x *etree.Element, depth int, allowTags bool) []vxml.Node {
	n := 1 + g.pick(4)
	nodes := make([]vxml.Node, 0, n)
	lastText := false
	for range n {
		if allowTags && (lastText || g.set()) {
			nodes = append(nodes, g.tag(x, depth))
			lastText = false
			continue
		}
		if lastText {
			continue
		}
		t := g.speechText()
		nodes = append(nodes, vxml.Text(t))
		x.CreateText(t)
		g.textNodeSlot("SSML text", nodes, len(nodes)-1)
		lastText = true
	}
	return nodes
}

// textNodeSlot records the Text node nodes[i] as a slot.
func (g *gen) textNodeSlot(where string, nodes []vxml.Node, i int) {
	g.slots = append(g.slots, slot{
		where: where,
		get:   func() string { return string(nodes[i].(vxml.Text)) },
		set:   func(s string) { nodes[i] = vxml.Text(s) },
	})
}

// ssmlTags are the SSML tags with the attributes written for each: the
// first group always, the second sometimes, values from the SSML notes.
var ssmlTags = []struct {
	name     string
	required [][2]string // name, comma-separated values ("" = user text)
	optional [][2]string
}{
	{name: "break", optional: [][2]string{{"strength", "none,x-weak,weak,medium,strong,x-strong"}, {"time", "250ms,500ms,1s,2s"}}},
	{name: "emphasis", optional: [][2]string{{"level", "strong,moderate,reduced"}}},
	{name: "lang", required: [][2]string{{"xml:lang", "fr-FR,de-DE,es-ES,en-GB"}}},
	{name: "p"},
	{name: "phoneme", required: [][2]string{{"ph", ""}}, optional: [][2]string{{"alphabet", "ipa,x-sampa"}}},
	{name: "prosody", optional: [][2]string{{"volume", "soft,medium,loud,+6dB"}, {"rate", "slow,medium,fast,80%"}, {"pitch", "low,medium,high,+5%"}}},
	{name: "s"},
	{name: "say-as", required: [][2]string{{"interpret-as", "characters,spell-out,cardinal,ordinal,digits,telephone"}}},
	{name: "sub", required: [][2]string{{"alias", ""}}},
	{name: "w", optional: [][2]string{{"role", "amazon:VB,amazon:VBD,amazon:NN,amazon:SENSE_1"}}},
}

func (g *gen) tag(parent *etree.Element, depth int) *vxml.Tag {
	spec := ssmlTags[g.pick(len(ssmlTags))]
	t := &vxml.Tag{Name: spec.name}
	x := parent.CreateElement(spec.name)
	for _, a := range spec.required {
		t.Attrs = append(t.Attrs, vxml.Attr{Name: a[0], Value: g.tagValue(a[1])})
	}
	for _, a := range spec.optional {
		if g.set() {
			t.Attrs = append(t.Attrs, vxml.Attr{Name: a[0], Value: g.tagValue(a[1])})
		}
	}
	for i := range t.Attrs {
		a := &t.Attrs[i]
		x.CreateAttr(a.Name, a.Value)
		if a.Name == "alias" || a.Name == "ph" {
			g.slots = append(g.slots, slot{
				where: "<" + t.Name + ">@" + a.Name, inAttr: true,
				get: func() string { return a.Value }, set: func(s string) { a.Value = s },
			})
		}
	}
	if spec.name != "break" {
		t.Content = g.nodes(x, depth-1, depth > 0)
	}
	return t
}

func (g *gen) tagValue(values string) string {
	if values == "" {
		return g.attrText(false)
	}
	return pickOf(g, strings.Split(values, ",")...)
}

func (g *gen) play(parent *etree.Element) *vxml.Play {
	x := parent.CreateElement("Play")
	p := &vxml.Play{}
	g.integer(x, "loop", &p.Attrs.Loop, 0, 5)
	g.extra(x, "Play", &p.Attrs.Extra)
	g.text(x, "Play", &p.URL, g.httpURL())
	return p
}

func (g *gen) wait(parent *etree.Element) *vxml.Wait {
	x := parent.CreateElement("Wait")
	w := &vxml.Wait{}
	a := &w.Attrs
	silence := pickOf(g, vxml.Unset, vxml.True, vxml.False)
	length := 0
	if silence == vxml.True || g.set() {
		length = 2 + g.pick(29)
		g.setSeconds(x, "length", &a.Length, length)
	}
	g.setBool(x, "silence", &a.Silence, silence)
	if silence == vxml.True && g.set() {
		// minSilence must stay below length in milliseconds.
		ms := 100 + g.pick(length*1000-100)
		a.MinSilence = time.Duration(ms) * time.Millisecond
		g.attr(x, "minSilence", strconv.Itoa(ms))
	}
	if silence == vxml.Unset {
		g.boolean(x, "beep", &a.Beep)
	}
	g.extra(x, "Wait", &a.Extra)
	return w
}

func (g *gen) redirect(parent *etree.Element) *vxml.Redirect {
	x := parent.CreateElement("Redirect")
	r := &vxml.Redirect{}
	g.method(x, "method", &r.Attrs.Method)
	g.extra(x, "Redirect", &r.Attrs.Extra)
	g.text(x, "Redirect", &r.URL, g.httpURL())
	return r
}

func (g *gen) hangup(parent *etree.Element) *vxml.Hangup {
	x := parent.CreateElement("Hangup")
	h := &vxml.Hangup{}
	enum(g, x, "reason", &h.Attrs.Reason, vxml.ReasonRejected, vxml.ReasonBusy)
	g.seconds(x, "schedule", &h.Attrs.Schedule, 1, 300)
	g.extra(x, "Hangup", &h.Attrs.Extra)
	return h
}

func (g *gen) dtmf(parent *etree.Element) *vxml.DTMF {
	x := parent.CreateElement("DTMF")
	d := &vxml.DTMF{}
	g.boolean(x, "async", &d.Attrs.Async)
	g.extra(x, "DTMF", &d.Attrs.Extra)
	d.Digits = g.chars("0123456789*#wW", 1+g.pick(8))
	x.SetText(d.Digits)
	return d
}

func (g *gen) preAnswer(parent *etree.Element) *vxml.PreAnswer {
	x := parent.CreateElement("PreAnswer")
	p := &vxml.PreAnswer{}
	for range 1 + g.pick(3) {
		switch g.pick(3) {
		case 0:
			p.Elements = append(p.Elements, g.speak(x))
		case 1:
			p.Elements = append(p.Elements, g.play(x))
		default:
			p.Elements = append(p.Elements, g.wait(x))
		}
	}
	return p
}

func (g *gen) gather(parent *etree.Element) *vxml.Gather {
	x := parent.CreateElement("Gather")
	ga := &vxml.Gather{}
	a := &ga.Attrs
	g.userAttr(x, "Gather", "action", &a.Action, g.httpURL())
	g.method(x, "method", &a.Method)
	enum(g, x, "inputType", &a.InputType, vxml.InputDTMF, vxml.InputSpeech, vxml.InputDTMFSpeech)
	g.seconds(x, "executionTimeout", &a.ExecutionTimeout, 5, 60)
	enum(g, x, "digitEndTimeout", &a.DigitEndTimeout, g.endTimeouts()...)
	enum(g, x, "speechEndTimeout", &a.SpeechEndTimeout, g.endTimeouts()...)
	enum(g, x, "finishOnKey", &a.FinishOnKey, "#", "*", "0", "5", "9", "none")
	g.integer(x, "numDigits", &a.NumDigits, 1, 32)
	enum(g, x, "speechModel", &a.SpeechModel, vxml.SpeechModelDefault, vxml.SpeechModelCommandAndSearch, vxml.SpeechModelPhoneCall)
	if g.set() {
		g.userAttr(x, "Gather", "hints", &a.Hints, g.hints())
	}
	enum(g, x, "language", &a.Language, "en-US", "en-IN", "hi-IN", "es-MX", "ja-JP")
	g.url(x, "Gather", "interimSpeechResultsCallback", &a.InterimSpeechResultsCallback)
	g.method(x, "interimSpeechResultsCallbackMethod", &a.InterimSpeechResultsCallbackMethod)
	g.boolean(x, "log", &a.Log)
	g.boolean(x, "redirect", &a.Redirect)
	g.boolean(x, "profanityFilter", &a.ProfanityFilter)
	g.extra(x, "Gather", &a.Extra)
	for range g.pick(4) {
		if g.set() {
			ga.Elements = append(ga.Elements, g.speak(x))
		} else {
			ga.Elements = append(ga.Elements, g.play(x))
		}
	}
	return ga
}

func (g *gen) endTimeouts() []vxml.EndTimeout {
	return []vxml.EndTimeout{vxml.EndTimeoutAuto, vxml.EndAfter(2 * time.Second), "5", vxml.EndAfter(10 * time.Second)}
}

func (g *gen) dial(parent *etree.Element) *vxml.Dial {
	x := parent.CreateElement("Dial")
	d := &vxml.Dial{}
	a := &d.Attrs
	g.url(x, "Dial", "action", &a.Action)
	g.method(x, "method", &a.Method)
	g.url(x, "Dial", "callbackUrl", &a.CallbackURL)
	g.method(x, "callbackMethod", &a.CallbackMethod)
	g.boolean(x, "redirect", &a.Redirect)
	if g.set() {
		setString(g, x, "callerId", &a.CallerID, g.phone())
	}
	if g.set() {
		g.userAttr(x, "Dial", "callerName", &a.CallerName, g.elementText(50))
	}
	g.seconds(x, "timeout", &a.Timeout, 1, 120)
	g.seconds(x, "timeLimit", &a.TimeLimit, 1, 14400)
	g.boolean(x, "hangupOnStar", &a.HangupOnStar)
	if g.set() {
		if g.set() {
			setString(g, x, "dialMusic", &a.DialMusic, "real")
		} else {
			g.userAttr(x, "Dial", "dialMusic", &a.DialMusic, g.httpURL())
		}
	}
	g.url(x, "Dial", "confirmSound", &a.ConfirmSound)
	enum(g, x, "confirmKey", &a.ConfirmKey, "0", "1", "5", "9", "#", "*")
	g.seconds(x, "confirmTimeout", &a.ConfirmTimeout, 1, 60)
	enum(g, x, "digitsMatch", &a.DigitsMatch, "123", "*9", "12,#34,*")
	enum(g, x, "digitsMatchBLeg", &a.DigitsMatchBLeg, "1", "#1", "99,*0")
	enum(g, x, "sipHeaders", &a.SIPHeaders, "OrderX-VH=order-4821", "TeamX-VH=sales,TierX-VH=gold")
	g.extra(x, "Dial", &a.Extra)
	if g.oneIn(5) {
		d.Phone = g.phone()
		x.SetText(d.Phone)
		return d
	}
	for range 1 + g.pick(3) {
		if g.set() {
			d.Elements = append(d.Elements, g.number(x))
		} else {
			d.Elements = append(d.Elements, g.user(x))
		}
	}
	if g.oneIn(4) {
		d.Elements = append(d.Elements, g.record(x, true))
	}
	return d
}

func (g *gen) number(parent *etree.Element) *vxml.Number {
	x := parent.CreateElement("Number")
	n := &vxml.Number{}
	if g.set() {
		setString(g, x, "sendDigits", &n.Attrs.SendDigits, g.chars("0123456789*#w", 1+g.pick(6)))
	}
	g.boolean(x, "sendOnPreanswer", &n.Attrs.SendOnPreanswer)
	g.extra(x, "Number", &n.Attrs.Extra)
	n.Phone = g.phone()
	x.SetText(n.Phone)
	return n
}

func (g *gen) user(parent *etree.Element) *vxml.User {
	x := parent.CreateElement("User")
	u := &vxml.User{}
	a := &u.Attrs
	if g.set() {
		setString(g, x, "sendDigits", &a.SendDigits, g.chars("0123456789*#w", 1+g.pick(6)))
	}
	g.boolean(x, "sendOnPreanswer", &a.SendOnPreanswer)
	enum(g, x, "sipHeaders", &a.SIPHeaders, "AgentX-VH=42", "QueueX-VH=support-1")
	g.extra(x, "User", &a.Extra)
	u.URI = "sip:" + pickOf(g, "alice", "bob.smith", "agent-7", "o'hara", "a&b") + "@" + pickOf(g, "example.com", "sip.example.org")
	x.SetText(u.URI)
	return u
}

// record generates a Record; inDial forces startOnDialAnswer="true", the
// only form Validate accepts inside a Dial.
func (g *gen) record(parent *etree.Element, inDial bool) *vxml.Record {
	x := parent.CreateElement("Record")
	r := &vxml.Record{}
	a := &r.Attrs
	g.url(x, "Record", "action", &a.Action)
	g.method(x, "method", &a.Method)
	enum(g, x, "fileFormat", &a.FileFormat, vxml.FormatMP3, vxml.FormatWAV)
	g.boolean(x, "redirect", &a.Redirect)
	g.seconds(x, "timeout", &a.Timeout, 1, 60)
	g.seconds(x, "maxLength", &a.MaxLength, 1, 3600)
	g.boolean(x, "playBeep", &a.PlayBeep)
	enum(g, x, "finishOnKey", &a.FinishOnKey, "#", "*#", "1234567890*#", "0")
	g.boolean(x, "recordSession", &a.RecordSession)
	if inDial {
		g.setBool(x, "startOnDialAnswer", &a.StartOnDialAnswer, vxml.True)
	} else {
		g.boolean(x, "startOnDialAnswer", &a.StartOnDialAnswer)
	}
	enum(g, x, "transcriptionType", &a.TranscriptionType, vxml.TranscriptionAuto, vxml.TranscriptionHybrid)
	g.url(x, "Record", "transcriptionUrl", &a.TranscriptionURL)
	g.method(x, "transcriptionMethod", &a.TranscriptionMethod)
	g.url(x, "Record", "callbackUrl", &a.CallbackURL)
	g.method(x, "callbackMethod", &a.CallbackMethod)
	g.extra(x, "Record", &a.Extra)
	return r
}

func (g *gen) stream(parent *etree.Element) *vxml.Stream {
	x := parent.CreateElement("Stream")
	s := &vxml.Stream{}
	a := &s.Attrs
	// keepCallAlive="true" needs bidirectional="true", which needs an
	// inbound (or unset) audioTrack.
	keep := pickOf(g, vxml.Unset, vxml.True, vxml.False)
	bidi := vxml.True
	if keep != vxml.True {
		bidi = pickOf(g, vxml.Unset, vxml.True, vxml.False)
	}
	g.setBool(x, "bidirectional", &a.Bidirectional, bidi)
	if bidi == vxml.True {
		enum(g, x, "audioTrack", &a.AudioTrack, vxml.TrackInbound)
	} else {
		enum(g, x, "audioTrack", &a.AudioTrack, vxml.TrackInbound, vxml.TrackOutbound, vxml.TrackBoth)
	}
	g.seconds(x, "streamTimeout", &a.StreamTimeout, 1, 86400)
	g.url(x, "Stream", "statusCallbackUrl", &a.StatusCallbackURL)
	g.method(x, "statusCallbackMethod", &a.StatusCallbackMethod)
	enum(g, x, "contentType", &a.ContentType, vxml.ContentL16Rate8000, vxml.ContentL16Rate16000, vxml.ContentMulawRate8000)
	enum(g, x, "extraHeaders", &a.ExtraHeaders, "a=1", "callId=abc123,tenant=t9")
	g.integer(x, "maxRetries", &a.MaxRetries, 0, 10)
	g.setBool(x, "keepCallAlive", &a.KeepCallAlive, keep)
	g.extra(x, "Stream", &a.Extra)
	g.text(x, "Stream", &s.URL, g.wsURL())
	return s
}

func (g *gen) conference(parent *etree.Element) *vxml.Conference {
	x := parent.CreateElement("Conference")
	c := &vxml.Conference{}
	a := &c.Attrs
	g.boolean(x, "muted", &a.Muted)
	g.boolean(x, "beep", &a.Beep)
	g.boolean(x, "startConferenceOnEnter", &a.StartConferenceOnEnter)
	g.boolean(x, "endConferenceOnExit", &a.EndConferenceOnExit)
	g.integer(x, "maxParticipants", &a.MaxParticipants, 1, 200)
	g.boolean(x, "stayAlone", &a.StayAlone)
	g.sound(x, "enterSound", &a.EnterSound)
	g.sound(x, "exitSound", &a.ExitSound)
	g.boolean(x, "relayDTMF", &a.RelayDTMF)
	enum(g, x, "digitsMatch", &a.DigitsMatch, "123", "*1", "12,#34")
	g.boolean(x, "hangupOnStar", &a.HangupOnStar)
	g.url(x, "Conference", "waitSound", &a.WaitSound)
	g.method(x, "waitMethod", &a.WaitMethod)
	g.url(x, "Conference", "callbackUrl", &a.CallbackURL)
	g.method(x, "callbackMethod", &a.CallbackMethod)
	g.boolean(x, "record", &a.Record)
	enum(g, x, "recordFileFormat", &a.RecordFileFormat, vxml.FormatMP3, vxml.FormatWAV)
	g.seconds(x, "timeLimit", &a.TimeLimit, 1, 14400)
	g.url(x, "Conference", "action", &a.Action)
	g.method(x, "method", &a.Method)
	g.extra(x, "Conference", &a.Extra)
	g.text(x, "Conference", &c.Room, g.elementText(40))
	return c
}

func (g *gen) sound(x *etree.Element, name string, p *string) {
	switch g.pick(4) {
	case 1:
		setString(g, x, name, p, "beep:1")
	case 2:
		setString(g, x, name, p, "beep:2")
	case 3:
		g.userAttr(x, "Conference", name, p, g.httpURL())
	}
}

// Values.

// pieces are the building blocks of user strings: XML specials, markup
// look-alikes, entities that must stay literal, and non-ASCII text.
var pieces = []string{
	"Room", "a", "Z9", "&", "<", ">", `"`, "'", "]]>", "&amp;", "&#60;", "<!--", "-->", "<?x?>",
	"<![CDATA[", "=", "/", "%", "#", ";", "é", "ß", "日本語", "Ж", "😀", "\u00a0", "\u200b",
	"\u0085", "\u007f", "\ufffd", "\ufeff", "\U0010fffd", "\u2028", "ﬀ",
}

// userRune returns a random XML character from a spread of Unicode blocks.
func (g *gen) userRune() rune {
	ranges := [][2]rune{{0x20, 0x7e}, {0xa0, 0x24f}, {0x370, 0x52f}, {0x600, 0x6ff}, {0x900, 0x97f},
		{0x3040, 0x30ff}, {0x4e00, 0x9fff}, {0xac00, 0xd7a3}, {0xe000, 0xf8ff}, {0xfb00, 0xfffd},
		{0x1f300, 0x1faff}, {0x10000, 0x10fffd}}
	r := ranges[g.pick(len(ranges))]
	return r[0] + rune(g.pick(int(r[1]-r[0]+1)))
}

// rawText returns a string of pieces, random runes and (from a byte source)
// raw bytes cleaned to XML characters. inAttr drops tab and newline too.
func (g *gen) rawText(inAttr bool, maxLen int) string {
	var b strings.Builder
	for range 1 + g.pick(6) {
		switch g.pick(5) {
		case 0, 1:
			b.WriteString(pieces[g.pick(len(pieces))])
		case 2:
			b.WriteRune(g.userRune())
		case 3:
			b.WriteString(pickOf(g, " ", "  ", "\t", "\n", "x y"))
		default:
			b.WriteString(g.src.raw(1 + g.pick(12)))
		}
	}
	return truncate(cleanText(b.String(), inAttr), maxLen)
}

// speechText returns Speak or SSML text: any XML characters, white space
// included, with at least one character that is not white space.
func (g *gen) speechText() string {
	s := g.rawText(false, 60)
	if strings.TrimSpace(s) == "" {
		s += "x"
	}
	return s
}

// attrText returns a non-empty attribute value: no tab, newline or CR.
func (g *gen) attrText(trim bool) string {
	s := g.rawText(true, 60)
	if trim {
		s = strings.TrimFunc(s, unicode.IsSpace)
	}
	if s == "" {
		s = "v"
	}
	return s
}

// elementText returns text for an element or attribute other than Speak:
// no tab or newline, no leading or trailing white space, at most maxLen
// runes.
func (g *gen) elementText(maxLen int) string {
	s := strings.TrimFunc(truncate(g.rawText(true, maxLen), maxLen), unicode.IsSpace)
	if s == "" {
		s = "Room"
	}
	return s
}

// hints returns one to three comma-separated phrases of at most 100
// characters.
func (g *gen) hints() string {
	phrases := make([]string, 1+g.pick(3))
	for i := range phrases {
		p := strings.ReplaceAll(g.elementText(30), ",", " ")
		if strings.TrimSpace(p) == "" {
			p = "yes"
		}
		phrases[i] = p
	}
	return strings.Join(phrases, ",")
}

// httpURL returns an absolute http(s) URL whose query holds quotes,
// ampersands, angle brackets and non-ASCII text.
func (g *gen) httpURL() string {
	u := pickOf(g, "https://", "https://", "http://") +
		pickOf(g, "example.com", "a.example", "api.example.org:8443") +
		pickOf(g, "/", "/next", "/audio/hold.mp3", "/caf%C3%A9", "/a/b;c")
	if g.set() {
		u += "?" + g.query()
	}
	if g.oneIn(4) {
		u += "#" + pickOf(g, "top", "x'y")
	}
	return u
}

func (g *gen) wsURL() string {
	u := pickOf(g, "wss://", "wss://", "ws://") + pickOf(g, "stream.example.com", "a.example:9000") + pickOf(g, "/", "/ws", "/audio/in")
	if g.set() {
		u += "?" + g.query()
	}
	return u
}

// query returns a URL query with specials that must be escaped in XML.
func (g *gen) query() string {
	var b strings.Builder
	for i := range 1 + g.pick(3) {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(pickOf(g, "x", "id", "q", "name"))
		b.WriteByte('=')
		b.WriteString(pickOf(g, "1", `"quoted"`, "'single'", "a<b>c", "&amp;", "é", "日本", "%20", "a+b", "]]>", "x'y\"z"))
	}
	return b.String()
}

func (g *gen) phone() string {
	return "+1415555" + strconv.Itoa(1000+g.pick(9000))
}

// chars returns n characters from set.
func (g *gen) chars(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.pick(len(set))]
	}
	return string(b)
}

// cleanText keeps the XML characters of s that the package accepts: no
// invalid UTF-8, C0 controls, CR, U+FFFE or U+FFFF, and in attribute
// values no tab or newline either.
func cleanText(s string, inAttr bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r == '\t' || r == '\n':
			if !inAttr {
				b.WriteRune(r)
			}
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// truncate returns at most n runes of s.
func truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
