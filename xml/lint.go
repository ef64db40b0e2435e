package xml

import "strconv"

// Severity ranks a Finding of Lint.
type Severity uint8

// The severities, from least to most serious.
const (
	// Info notes how Vobiz will treat the document, for the reader to
	// confirm it is what was meant.
	Info Severity = iota + 1
	// Warning marks a document that is valid but likely wrong.
	Warning
	// Error marks what makes Parse or Validate refuse the document. Lint
	// never reports it; Check does.
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Rule identifies a lint rule. The values are stable and may be used to
// filter findings.
type Rule string

// The lint rules. Each says why it fires and names the page of Vobiz's
// documentation it rests on.
const (
	// RuleUnreachable fires on the first element after a Redirect, or after a
	// Hangup without schedule: it and the rest never run
	// (https://www.vobiz.ai/docs/xml/redirect,
	// https://www.vobiz.ai/docs/xml/hangup).
	RuleUnreachable Rule = "unreachable"
	// RuleInsecureURL fires on an http:// media or callback URL; Vobiz asks
	// for HTTPS and says HTTP "may be rejected"
	// (https://www.vobiz.ai/docs/xml/overview/best-practices).
	RuleInsecureURL Rule = "insecure-url"
	// RuleInsecureStream fires on a ws:// Stream; Vobiz meant ws:// for local
	// tests only (https://www.vobiz.ai/docs/xml/stream/initiate).
	RuleInsecureStream Rule = "insecure-stream"
	// RuleStayAlone fires on a Conference without an explicit stayAlone;
	// Vobiz's default is false, which disconnects a member who is alone, such
	// as the first to arrive
	// (https://www.vobiz.ai/docs/xml/conference/attributes).
	RuleStayAlone Rule = "stay-alone"
	// RuleConferenceAction fires on a Conference action; Vobiz fetches it
	// only for rooms on a remote media server, which the app cannot tell, so
	// the continuation belongs after the element
	// (https://www.vobiz.ai/docs/xml/conference/attributes).
	RuleConferenceAction Rule = "conference-action"
	// RuleConferenceLast fires on a Conference with nothing after it; a
	// member who leaves the room while the call is up (kicked, hangupOnStar,
	// alone, room ended) is hung up with no word: the call goes on with the
	// next element (https://www.vobiz.ai/docs/xml/conference,
	// https://www.vobiz.ai/docs/conference/members/kick-member) and there is
	// none.
	RuleConferenceLast Rule = "conference-last"
	// RulePreAnswerFirst fires on a PreAnswer that is not the first element;
	// early media only plays before the call is answered
	// (https://www.vobiz.ai/docs/xml/preanswer).
	RulePreAnswerFirst Rule = "preanswer-first"
	// RuleScheduleLast fires on a Hangup with schedule as the last element;
	// with nothing to run meanwhile Vobiz hangs up at once
	// (https://www.vobiz.ai/docs/xml/hangup), although Vobiz's own example
	// (https://www.vobiz.ai/docs/xml/hangup/hang-up-after-a-minute) does just
	// that.
	RuleScheduleLast Rule = "schedule-last"
	// RuleSpeakLanguage fires on a Speak language outside Vobiz's 16-language
	// table (https://www.vobiz.ai/docs/xml/speak); official examples use
	// others, so it is not an error.
	RuleSpeakLanguage Rule = "speak-language"
	// RuleSize fires on a document over 90 % of MaxSize, close to Vobiz's
	// 100 KB limit, which may also be read as 100 000 bytes
	// (https://www.vobiz.ai/docs/xml/request).
	RuleSize Rule = "size"
	// RulePollyVoice fires on a Polly.<Name> voice; only WOMAN and MAN are
	// listed (https://www.vobiz.ai/docs/xml/speak), though Vobiz's SSML
	// examples use Polly voices (https://www.vobiz.ai/docs/xml/speak/ssml).
	RulePollyVoice Rule = "polly-voice"
	// RuleTelephonyModel fires on Gather speechModel telephony, which is
	// described by Vobiz but missing from its list of allowed models
	// (https://www.vobiz.ai/docs/xml/gather).
	RuleTelephonyModel Rule = "telephony-model"
	// RuleSIPHeaderSuffix fires on a sipHeaders key that does not end in
	// X-VH; Vobiz then silently drops the whole set
	// (https://www.vobiz.ai/docs/xml/request/sip-headers). The Dial and User
	// pages' own examples use plain keys, so it is not an error.
	RuleSIPHeaderSuffix Rule = "sip-header-suffix"
	// RulePlaceholder fires on a {{…}} placeholder left in a text or value;
	// Vobiz does not expand them
	// (https://www.vobiz.ai/docs/xml/request/sip-headers).
	RulePlaceholder Rule = "placeholder"
	// RuleRecordUnheard fires on a Record with neither action nor
	// callbackUrl; nobody learns of the file
	// (https://www.vobiz.ai/docs/xml/record).
	RuleRecordUnheard Rule = "record-unheard"
	// RuleRecordInDial fires on a Record inside a Dial; Vobiz's Dial and
	// Record pages disagree on whether Record may sit inside Dial
	// (https://www.vobiz.ai/docs/xml/dial,
	// https://www.vobiz.ai/docs/xml/record), and the sibling form after the
	// Dial is safe.
	RuleRecordInDial Rule = "record-in-dial"
	// RuleRecordReply fires on a Record action without redirect="true"; the
	// action handler must reply with an empty Response
	// (https://www.vobiz.ai/docs/xml/record).
	RuleRecordReply Rule = "record-reply"
	// RuleCallerID fires on a Dial without callerId; the number derived from
	// the caller can make the outgoing leg fail, always so for a User on an
	// inbound call (https://www.vobiz.ai/docs/xml/dial/user).
	RuleCallerID Rule = "caller-id"
	// RuleConfirmKey fires on a Dial confirmKey; without confirmSound nothing
	// tells the callee to press it, and Vobiz calls its enforcement
	// unverified (https://www.vobiz.ai/docs/xml/dial/confirm-to-answer-call).
	RuleConfirmKey Rule = "confirm-key"
	// RuleDialShorthand fires on a Dial with its number as text; allowed but
	// discouraged, a Number child takes attributes
	// (https://www.vobiz.ai/docs/xml/dial).
	RuleDialShorthand Rule = "dial-shorthand"
	// RuleStreamLast fires on a Stream without keepCallAlive="true" as the
	// last element; the stream runs in the background and the document ends,
	// so Vobiz hangs up at once (https://www.vobiz.ai/docs/xml/stream).
	RuleStreamLast Rule = "stream-last"
	// RuleMaxRetries fires on a Stream maxRetries outside 0..10; Vobiz clamps
	// it rather than refusing it (https://www.vobiz.ai/docs/xml/stream).
	RuleMaxRetries Rule = "max-retries"
	// RuleExtraHeaders fires on Stream extraHeaders that are not name=value
	// pairs of letters and digits, the documented form
	// (https://www.vobiz.ai/docs/xml/stream); Vobiz's own example
	// (https://www.vobiz.ai/docs/xml/stream/initiate) uses '_', so it is not
	// an error.
	RuleExtraHeaders Rule = "extra-headers"
	// RuleIgnoredAttr fires on a Conference attribute Vobiz does not honour:
	// waitMethod is never read, record="true" produces no file,
	// maxParticipants is not enforced
	// (https://www.vobiz.ai/docs/xml/conference/attributes).
	RuleIgnoredAttr Rule = "ignored-attribute"

	// RuleSyntax marks, in the results of Check, input that is not one
	// well-formed XML document with a Response root (ErrSyntax).
	RuleSyntax Rule = "syntax"
	// RuleLimit marks, in the results of Check, input beyond a parse limit
	// (ErrLimit).
	RuleLimit Rule = "limit"
	// RuleInvalid marks, in the results of Check, a well-formed document
	// that is not a valid Vobiz document (ErrInvalid).
	RuleInvalid Rule = "invalid"
)

// Finding is one result of Lint.
type Finding struct {
	// Severity says how likely the finding is a mistake.
	Severity Severity
	// Path locates the element as in ValidationError.
	Path string
	// Attr is the attribute concerned, or empty.
	Attr string
	// Rule is the rule that fired.
	Rule Rule
	// Message says what was found and why it matters.
	Message string
	// Line and Column locate the finding in the parsed input, both 1-based:
	// where its element starts (of the start tag when an attribute is
	// concerned), or where reading stopped for a syntax error. Both are 0
	// when the document was not parsed with positions (see Locations and
	// Check) or the problem has none.
	Line, Column int
}

// String returns the finding as "Path@Attr: severity: Message (rule)",
// without "@Attr" when no attribute is concerned, and preceded by
// "line:column: " when the finding has a position.
func (f Finding) String() string {
	where := f.Path
	if f.Attr != "" {
		where += "@" + f.Attr
	}
	s := where + ": " + f.Severity.String() + ": " + f.Message + " (" + string(f.Rule) + ")"
	if f.Line > 0 {
		s = strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + ": " + s
	}
	return s
}

// Lint returns what is valid but likely wrong in the document, in document
// order, or nil when nothing is found. See the Rule constants for the
// rules and their reasons. Lint works on invalid documents too, skipping
// nil elements; the size rule applies only to a valid document.
func (r *Response) Lint() []Finding {
	if r == nil {
		return nil
	}
	var l linter
	l.top(r.Elements)
	if out, err := r.Render(); err == nil && len(out) > MaxSize*9/10 {
		l.add(Warning, "Response", "", RuleSize, "rendered document is "+strconv.Itoa(len(out))+
			" bytes, close to Vobiz's limit of 100 KB")
	}
	return l.findings
}
