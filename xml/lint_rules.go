package xml

import (
	"strconv"
	"strings"
)

// linter collects findings while it walks the document.
type linter struct {
	findings []Finding
}

func (l *linter) add(sev Severity, path, attr string, rule Rule, msg string) {
	l.findings = append(l.findings, Finding{Severity: sev, Path: path, Attr: attr, Rule: rule, Message: msg})
}

// childPath returns the path of elems[i] below parent.
func childPath(parent string, elems []Element, i int) string {
	name := elems[i].elementName()
	return parent + "/" + name + "[" + strconv.Itoa(siblingIndex(elems[:i+1], name)) + "]"
}

// top lints the top-level elements: the rules on their order, then each
// element.
func (l *linter) top(elems []Element) {
	end := -1 // the position of the first Redirect or immediate Hangup
	last := len(elems) - 1
	for i, e := range elems {
		if e == nil || isNilElement(e) {
			continue
		}
		path := childPath("Response", elems, i)
		if end >= 0 && i == end+1 {
			l.add(Warning, path, "", RuleUnreachable, "never runs: "+childPath("Response", elems, end)+
				" ends the document; "+strconv.Itoa(last-end)+" element(s) after it are unreachable")
		}
		switch x := e.(type) {
		case *Redirect:
			if end < 0 {
				end = i
			}
		case *Hangup:
			if x.Attrs.Schedule == 0 && end < 0 {
				end = i
			}
			if x.Attrs.Schedule != 0 && i == last {
				l.add(Warning, path, "schedule", RuleScheduleLast,
					"nothing follows to run during the delay, so Vobiz hangs up at once")
			}
		case *PreAnswer:
			if i > 0 {
				l.add(Warning, path, "", RulePreAnswerFirst,
					"early media plays only before the call is answered; put PreAnswer first")
			}
		case *Conference:
			if i == last {
				l.add(Warning, path, "", RuleConferenceLast,
					"nothing follows, so a member who leaves the room while the call is up "+
						"(kicked, hangupOnStar, alone, room ended) is hung up with no word")
			}
		case *Stream:
			if i == last && x.Attrs.KeepCallAlive != True {
				l.add(Warning, path, "", RuleStreamLast,
					`without keepCallAlive="true" the stream runs in the background and the document `+
						"ends, so Vobiz hangs up at once")
			}
		}
		l.element(path, e, "Response")
	}
}

// children lints nested elements.
func (l *linter) children(parentPath, parent string, elems []Element) {
	for i, e := range elems {
		if e == nil || isNilElement(e) {
			continue
		}
		l.element(childPath(parentPath, elems, i), e, parent)
	}
}

// element lints one element at path, which sits in parent.
func (l *linter) element(path string, e Element, parent string) {
	l.values(path, e)
	switch x := e.(type) {
	case *Speak:
		l.speak(path, x)
	case *Play:
		l.textURL(path, x.URL)
	case *Redirect:
		l.textURL(path, x.URL)
	case *PreAnswer:
		l.children(path, "PreAnswer", x.Elements)
	case *Gather:
		if x.Attrs.SpeechModel == speechModelTelephony {
			l.add(Warning, path, "speechModel", RuleTelephonyModel,
				"telephony is described by Vobiz but not in its list of allowed models")
		}
		l.children(path, "Gather", x.Elements)
	case *Dial:
		l.dial(path, x)
		l.children(path, "Dial", x.Elements)
	case *User:
		l.sipHeaders(path, x.Attrs.SIPHeaders)
	case *Record:
		l.record(path, x, parent)
	case *Stream:
		l.stream(path, x)
	case *Conference:
		l.conference(path, x)
	}
}

// knownSpeakLanguage reports whether lang is in Vobiz's Speak table.
func knownSpeakLanguage(lang string) bool {
	switch lang {
	case "da-DK", "nl-NL", "en-AU", "en-GB", "en-US", "fr-FR", "fr-CA", "de-DE",
		"it-IT", "pl-PL", "pt-PT", "pt-BR", "ru-RU", "es-ES", "es-US", "sv-SE":
		return true
	}
	return false
}

func (l *linter) speak(path string, x *Speak) {
	if isPolly(x.Attrs.Voice) {
		l.add(Warning, path, "voice", RulePollyVoice,
			"Vobiz lists only WOMAN and MAN; Polly voices appear only in its SSML examples")
	}
	if lang := x.Attrs.Language; lang != "" && !knownSpeakLanguage(lang) {
		l.add(Warning, path, "language", RuleSpeakLanguage,
			strconv.Quote(lang)+" is not in Vobiz's Speak language table")
	}
	l.ssml(path, x.Content)
}

// ssml lints the text and attribute values of SSML content for
// placeholders; findings are reported on the Speak.
func (l *linter) ssml(path string, nodes []Node) {
	for _, n := range nodes {
		switch x := n.(type) {
		case Text:
			l.placeholder(path, "", string(x))
		case *Tag:
			if x == nil {
				continue
			}
			for _, a := range x.Attrs {
				l.placeholder(path, a.Name, a.Value)
			}
			l.ssml(path, x.Content)
		}
	}
}

// values lints every attribute value of e, and its text, for placeholders
// and http:// URLs.
func (l *linter) values(path string, e Element) {
	c := emitter{collect: true}
	text, _ := parts(e, &c)
	l.placeholder(path, "", text)
	for _, a := range c.attrs {
		l.placeholder(path, a.Name, a.Value)
		if isURLAttr(a.Name) && urlScheme(a.Value) == schemeHTTP {
			l.add(Warning, path, a.Name, RuleInsecureURL, "http:// URL; Vobiz asks for https:// and may reject http://")
		}
	}
}

// isURLAttr reports whether the attribute name holds a URL that Vobiz
// requests or plays.
func isURLAttr(name string) bool {
	switch name {
	case "action", "callbackUrl", "statusCallbackUrl", "transcriptionUrl", "interimSpeechResultsCallback",
		"waitSound", "dialMusic", "confirmSound", "enterSound", "exitSound":
		return true
	}
	return false
}

// textURL lints the URL text of a Play or Redirect.
func (l *linter) textURL(path, url string) {
	if urlScheme(trimSpace(url)) == schemeHTTP {
		l.add(Warning, path, "", RuleInsecureURL, "http:// URL; Vobiz asks for https:// and may reject http://")
	}
}

// placeholder reports a {{…}} placeholder in s.
func (l *linter) placeholder(path, attr, s string) {
	i := strings.Index(s, "{{")
	if i < 0 {
		return
	}
	j := strings.Index(s[i:], "}}")
	if j < 0 {
		return
	}
	l.add(Warning, path, attr, RulePlaceholder,
		"unexpanded placeholder "+strconv.Quote(s[i:i+j+2])+"; Vobiz does not expand it")
}

func (l *linter) dial(path string, x *Dial) {
	a := &x.Attrs
	if a.CallerID == "" {
		l.add(Warning, path, "callerId", RuleCallerID,
			"no callerId: the number derived from the caller may not be yours, and the outgoing leg then fails")
	}
	switch {
	case a.ConfirmKey != "" && a.ConfirmSound == "":
		l.add(Warning, path, "confirmKey", RuleConfirmKey,
			"confirmKey without confirmSound: nothing tells the callee to press it")
	case a.ConfirmKey != "":
		l.add(Info, path, "confirmKey", RuleConfirmKey,
			"Vobiz calls confirmKey enforcement unverified; do not rely on it to accept calls")
	}
	if x.Phone != "" {
		l.add(Info, path, "", RuleDialShorthand,
			"number given as Dial text; a Number child says the same and takes attributes")
	}
	l.sipHeaders(path, a.SIPHeaders)
}

// sipHeaders reports the first key that does not end in X-VH.
func (l *linter) sipHeaders(path, s string) {
	for rest := s; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, ",")
		key, _, _ := strings.Cut(pair, "=")
		key = trimSpace(key)
		if key != "" && !strings.HasSuffix(key, "X-VH") {
			l.add(Warning, path, "sipHeaders", RuleSIPHeaderSuffix,
				"key "+strconv.Quote(key)+" does not end in X-VH; Vobiz then drops the whole set")
			return
		}
	}
}

func (l *linter) record(path string, x *Record, parent string) {
	a := &x.Attrs
	if a.Action == "" && a.CallbackURL == "" {
		l.add(Warning, path, "", RuleRecordUnheard,
			"neither action nor callbackUrl is set, so nobody learns of the recording")
	}
	if a.Action != "" && a.Redirect != True {
		l.add(Info, path, "action", RuleRecordReply,
			`without redirect="true" the action handler must reply with an empty <Response>`)
	}
	if parent == "Dial" {
		l.add(Warning, path, "", RuleRecordInDial,
			"Vobiz's pages disagree on Record inside Dial; a Record next to the Dial is the safe form")
	}
}

func (l *linter) stream(path string, x *Stream) {
	a := &x.Attrs
	if urlScheme(trimSpace(x.URL)) == schemeWS {
		l.add(Warning, path, "", RuleInsecureStream, "ws:// URL; Vobiz meant ws:// for local tests, use wss://")
	}
	if n := a.MaxRetries; n != nil && (*n < 0 || *n > 10) {
		l.add(Warning, path, "maxRetries", RuleMaxRetries,
			strconv.Itoa(*n)+" is outside 0..10; Vobiz clamps it")
	}
	if a.ExtraHeaders != "" && !plainPairs(a.ExtraHeaders) {
		l.add(Warning, path, "extraHeaders", RuleExtraHeaders,
			"Vobiz documents name=value pairs of letters and digits")
	}
}

// plainPairs reports whether s is comma-separated name=value pairs of
// ASCII letters and digits.
func plainPairs(s string) bool {
	for rest := s; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, ",")
		k, v, ok := strings.Cut(pair, "=")
		if !ok || !alnum(k) || !alnum(v) {
			return false
		}
	}
	return !strings.HasSuffix(s, ",")
}

func alnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func (l *linter) conference(path string, x *Conference) {
	a := &x.Attrs
	if a.StayAlone == Unset {
		l.add(Warning, path, "stayAlone", RuleStayAlone,
			`not set: Vobiz's default false disconnects a member who is alone; set it explicitly`)
	}
	if a.Action != "" {
		l.add(Warning, path, "action", RuleConferenceAction,
			"Vobiz fetches a Conference action only for some rooms; put the continuation after the element")
	}
	if a.WaitMethod != "" {
		l.add(Warning, path, "waitMethod", RuleIgnoredAttr, "ignored: Vobiz always fetches waitSound with POST")
	}
	if a.Record == True {
		l.add(Warning, path, "record", RuleIgnoredAttr,
			`produces no file; put a <Record recordSession="true"> before the Conference`)
	}
	if a.MaxParticipants != nil {
		l.add(Warning, path, "maxParticipants", RuleIgnoredAttr,
			"not enforced: the account's member cap applies instead")
	}
}
