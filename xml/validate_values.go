package xml

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The checks of single values. Each adds the value's share of the rendered
// size to the bound and reports a problem only when the value is set. The
// messages are built only on failure, so a valid value costs no allocation.

// Size bounds of the attribute values that are not strings.
const (
	attrSize   = 4  // ` name="` and `"` around the name
	numberSize = 20 // the longest int64
	boolSize   = 5  // "false"
	escapeSize = 6  // the longest escape, "&quot;", for one byte
)

// noMax is the upper bound of a count that has none.
const noMax = math.MaxInt

// minInt is the lower bound of a count that has none.
const minInt = math.MinInt

// attr checks the characters of an attribute value.
func (v *validator) attr(name, s string) {
	if s != "" {
		v.size += len(name) + attrSize + escapeSize*len(s)
		v.chars(name, s, true)
	}
}

// rawAttr checks an attribute written even when its value is empty (Extra
// and SSML attributes).
func (v *validator) rawAttr(name, s string) {
	if s == "" {
		v.size += len(name) + attrSize
		return
	}
	v.attr(name, s)
}

// text checks the characters of text content.
func (v *validator) text(s string) {
	if s != "" {
		v.size += escapeSize * len(s)
		v.chars("", s, false)
	}
}

// required reports an empty text content, or one of only the white space
// Vobiz trims, checks its characters and reports whether it is set.
func (v *validator) required(s, what string) bool {
	if s == "" {
		v.add("", what+" is empty")
		return false
	}
	v.text(s)
	if trimSpace(s) == "" {
		v.add("", what+blank)
		return false
	}
	return true
}

// blank ends the message for text of only white space.
const blank = " is only white space, which Vobiz trims away"

// chars checks the characters of the text (attr empty) or attribute value s.
func (v *validator) chars(name, s string, inAttr bool) {
	i, msg := badChar(s, inAttr)
	switch {
	case i < 0:
	case inAttr:
		v.add(name, "value has "+msg+" at byte "+strconv.Itoa(i))
	default:
		v.add("", "text has "+msg+" at byte "+strconv.Itoa(i))
	}
}

// badChar returns the byte offset and a description of the first character
// of s that cannot be written, or -1. Attribute values must also not hold
// tab, newline or carriage return and text no carriage return, because a
// parser would normalise them.
func badChar(s string, inAttr bool) (int, string) {
	i := 0
	// Fast path: eight bytes at a time while all are printable ASCII
	// (0x20..0x7F): a byte is outside that range when its top bit is set
	// or subtracting 0x20 borrows into it.
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if (w|(w-0x2020202020202020))&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t' || c == '\n':
				if inAttr {
					return i, "tab or newline"
				}
			case c == '\r':
				return i, "carriage return"
			case c < 0x20:
				return i, fmt.Sprintf("invalid XML character %U", rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i, "invalid UTF-8"
		}
		if r == 0xFFFE || r == 0xFFFF {
			return i, fmt.Sprintf("invalid XML character %U", r)
		}
		i += size
	}
	return -1, ""
}

// isName reports whether s is an XML name (letters, digits, '_', ':', '-',
// '.', not starting with a digit, '-' or '.').
func isName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == ':' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}

// trimSpace returns s without the leading and trailing spaces, tabs and
// newlines that Vobiz trims from text content.
func trimSpace(s string) string {
	for s != "" && isSpace(s[0]) {
		s = s[1:]
	}
	for s != "" && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// endTimeout checks that t is unset, "auto" or a whole number of seconds
// from 2 to 10.
func (v *validator) endTimeout(name string, t EndTimeout) {
	if t != "" {
		v.setEndTimeout(name, t)
	}
}

func (v *validator) setEndTimeout(name string, t EndTimeout) {
	v.size += len(name) + attrSize + escapeSize*len(t)
	if t == EndTimeoutAuto {
		return
	}
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			v.add(name, strconv.Quote(string(t))+" is not auto or a whole number of seconds")
			return
		}
		if n <= 10 {
			n = n*10 + int(t[i]-'0')
		}
	}
	if n < 2 || n > 10 {
		v.add(name, strconv.Quote(string(t))+" is outside 2..10")
	}
}

// boolean checks that b is one of Unset, True and False.
func (v *validator) boolean(name string, b Bool) {
	if b != Unset {
		v.setBool(name, b)
	}
}

func (v *validator) setBool(name string, b Bool) {
	v.size += len(name) + attrSize + boolSize
	if b > False {
		v.add(name, "Bool("+strconv.Itoa(int(b))+") is not Unset, True or False")
	}
}

// count checks an optional integer against lo..hi.
func (v *validator) count(name string, n *int, lo, hi int) {
	if n != nil {
		v.setCount(name, n, lo, hi)
	}
}

func (v *validator) setCount(name string, n *int, lo, hi int) {
	v.size += len(name) + attrSize + numberSize
	if *n < lo || *n > hi {
		v.badCount(name, *n, lo, hi)
	}
}

func (v *validator) badCount(name string, n, lo, hi int) {
	switch {
	case hi == noMax && lo == 0:
		v.add(name, strconv.Itoa(n)+" is negative")
	case hi == noMax && lo == 1:
		v.add(name, strconv.Itoa(n)+" is not positive")
	default:
		v.add(name, strconv.Itoa(n)+" is outside "+strconv.Itoa(lo)+".."+strconv.Itoa(hi))
	}
}

// seconds checks a duration written in whole seconds.
func (v *validator) seconds(name string, d time.Duration) {
	v.unit(name, d, time.Second, "seconds")
}

// secondsIn checks a duration written in whole seconds against lo..hi
// seconds.
func (v *validator) secondsIn(name string, d time.Duration, lo, hi time.Duration) {
	if d != 0 {
		v.setSecondsIn(name, d, lo, hi)
	}
}

func (v *validator) setSecondsIn(name string, d time.Duration, lo, hi time.Duration) {
	v.setUnit(name, d, time.Second, "seconds")
	if d%time.Second == 0 && (d < lo*time.Second || d > hi*time.Second) {
		v.add(name, formatUnit(d, time.Second)+" is outside "+formatUnit(lo*time.Second, time.Second)+".."+formatUnit(hi*time.Second, time.Second))
	}
}

// unit checks that d is not negative and a whole number of unit.
func (v *validator) unit(name string, d, unit time.Duration, what string) {
	if d != 0 {
		v.setUnit(name, d, unit, what)
	}
}

func (v *validator) setUnit(name string, d, unit time.Duration, what string) {
	v.size += len(name) + attrSize + numberSize
	if d > 0 && d%unit == 0 {
		return
	}
	v.badUnit(name, d, unit, what)
}

func (v *validator) badUnit(name string, d, unit time.Duration, what string) {
	switch {
	case d%unit != 0:
		v.add(name, d.String()+" is not a whole number of "+what)
	case d < 0:
		v.add(name, formatUnit(d, unit)+" is negative")
	}
}

// formatUnit writes d in unit (seconds or milliseconds) when it is a whole
// number of them, as it is written in the document, else in Go syntax.
func formatUnit(d, unit time.Duration) string {
	if d%unit != 0 {
		return d.String()
	}
	suffix := "s"
	if unit == time.Millisecond {
		suffix = "ms"
	}
	return strconv.FormatInt(int64(d/unit), 10) + suffix
}

// enum adds the size of an enumerated attribute and reports whether it is
// set. Its characters need no check: a value that is not in the
// enumeration is reported as such.
func (v *validator) enum(name, s string) bool {
	if s == "" {
		return false
	}
	v.size += len(name) + attrSize + escapeSize*len(s)
	return true
}

func (v *validator) badEnum(name, s, want string) {
	v.add(name, strconv.Quote(s)+" is not "+want)
}

func (v *validator) method(name string, m Method) {
	if m != "" {
		v.setMethod(name, m)
	}
}

func (v *validator) setMethod(name string, m Method) {
	if v.enum(name, string(m)) && m != MethodGet && m != MethodPost {
		v.badEnum(name, string(m), "GET or POST")
	}
}

func (v *validator) voice(s Voice) {
	if s != "" {
		v.setVoice(s)
	}
}

func (v *validator) setVoice(s Voice) {
	if v.enum("voice", string(s)) && s != VoiceWoman && s != VoiceMan && !isPolly(s) {
		v.badEnum("voice", string(s), "WOMAN, MAN or Polly.<Name>")
	}
}

// isPolly reports whether s is a provider voice "Polly.<Name>", the name
// made of ASCII letters, digits, '-' and '_'.
func isPolly(s Voice) bool {
	name, ok := strings.CutPrefix(string(s), "Polly.")
	if !ok || name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (v *validator) hangupReason(s HangupReason) {
	if s != "" {
		v.setHangupReason(s)
	}
}

func (v *validator) setHangupReason(s HangupReason) {
	if v.enum("reason", string(s)) && s != ReasonRejected && s != ReasonBusy {
		v.badEnum("reason", string(s), "rejected or busy")
	}
}

func (v *validator) inputType(s InputType) {
	if s != "" {
		v.setInputType(s)
	}
}

func (v *validator) setInputType(s InputType) {
	if v.enum("inputType", string(s)) && s != InputDTMF && s != InputSpeech && s != InputDTMFSpeech {
		v.badEnum("inputType", string(s), `dtmf, speech or "dtmf speech"`)
	}
}

// speechModelTelephony is described by Vobiz but missing from its list of
// allowed models; it is accepted and linted (RuleTelephonyModel).
const speechModelTelephony SpeechModel = "telephony"

func (v *validator) speechModel(s SpeechModel) {
	if s != "" {
		v.setSpeechModel(s)
	}
}

func (v *validator) setSpeechModel(s SpeechModel) {
	if !v.enum("speechModel", string(s)) {
		return
	}
	switch s {
	case SpeechModelDefault, SpeechModelCommandAndSearch, SpeechModelPhoneCall, speechModelTelephony:
	default:
		v.badEnum("speechModel", string(s), "default, command_and_search, phone_call or telephony")
	}
}

func (v *validator) fileFormat(name string, s FileFormat) {
	if s != "" {
		v.setFileFormat(name, s)
	}
}

func (v *validator) setFileFormat(name string, s FileFormat) {
	if v.enum(name, string(s)) && s != FormatMP3 && s != FormatWAV {
		v.badEnum(name, string(s), "mp3 or wav")
	}
}

func (v *validator) transcriptionType(s TranscriptionType) {
	if s != "" {
		v.setTranscriptionType(s)
	}
}

func (v *validator) setTranscriptionType(s TranscriptionType) {
	if v.enum("transcriptionType", string(s)) && s != TranscriptionAuto && s != TranscriptionHybrid {
		v.badEnum("transcriptionType", string(s), "auto or hybrid")
	}
}

func (v *validator) audioTrack(s AudioTrack) {
	if s != "" {
		v.setAudioTrack(s)
	}
}

func (v *validator) setAudioTrack(s AudioTrack) {
	if v.enum("audioTrack", string(s)) && s != TrackInbound && s != TrackOutbound && s != TrackBoth {
		v.badEnum("audioTrack", string(s), "inbound, outbound or both")
	}
}

func (v *validator) contentType(s ContentType) {
	if s != "" {
		v.setContentType(s)
	}
}

func (v *validator) setContentType(s ContentType) {
	if !v.enum("contentType", string(s)) {
		return
	}
	switch s {
	case ContentL16Rate8000, ContentL16Rate16000, ContentMulawRate8000:
	case "audio/x-l16;rate=24000":
		v.add("contentType", `"audio/x-l16;rate=24000" is an outbound playAudio format only; an inbound 24 kHz stream does not connect`)
	default:
		v.badEnum("contentType", string(s), "audio/x-l16;rate=8000, audio/x-l16;rate=16000 or audio/x-mulaw;rate=8000")
	}
}

// isKey reports whether s is one telephone key: 0-9, * or #.
func isKey(s string) bool {
	return len(s) == 1 && strings.IndexByte("0123456789*#", s[0]) >= 0
}

func (v *validator) gatherFinishOnKey(s string) {
	if s != "" {
		v.setGatherFinishOnKey(s)
	}
}

func (v *validator) setGatherFinishOnKey(s string) {
	if v.enum("finishOnKey", s) && !isKey(s) && s != "none" {
		v.badEnum("finishOnKey", s, "one key of 0-9 * #, or none")
	}
}

func (v *validator) confirmKey(s string) {
	if s != "" {
		v.setConfirmKey(s)
	}
}

func (v *validator) setConfirmKey(s string) {
	if v.enum("confirmKey", s) && !isKey(s) {
		v.badEnum("confirmKey", s, "one key of 0-9 * #")
	}
}

func (v *validator) sendDigits(s string) {
	if s != "" {
		v.charset("sendDigits", s, "0123456789*#w", "0-9 * # w")
	}
}

// charset checks that every byte of s is in set; desc lists set for the
// message. An empty name means text content.
func (v *validator) charset(name, s, set, desc string) {
	if name != "" {
		v.size += len(name) + attrSize + escapeSize*len(s)
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			r, _ := utf8.DecodeRuneInString(s[i:])
			v.add(name, strconv.Quote(s)+" has "+strconv.QuoteRune(r)+" at byte "+strconv.Itoa(i)+"; allowed are "+desc)
			return
		}
	}
}

// sipHeaders checks that s is comma-separated key=value pairs with
// non-empty keys. Empty pairs are skipped.
func (v *validator) sipHeaders(s string) {
	if s != "" {
		v.setSIPHeaders(s)
	}
}

func (v *validator) setSIPHeaders(s string) {
	v.attr("sipHeaders", s)
	for rest := s; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, ",")
		if trimSpace(pair) == "" {
			continue
		}
		if k, _, ok := strings.Cut(pair, "="); !ok || trimSpace(k) == "" {
			v.add("sipHeaders", "pair "+strconv.Quote(pair)+" is not key=value")
		}
	}
}

// Limits of Gather hints.
const (
	maxHintPhrases    = 500
	maxHintChars      = 10000
	maxHintPhraseChar = 100
)

// hints checks the limits of Gather hints: at most 500 comma-separated
// phrases, 10 000 characters, 100 characters per phrase.
func (v *validator) hints(s string) {
	if s != "" {
		v.setHints(s)
	}
}

func (v *validator) setHints(s string) {
	v.attr("hints", s)
	if n := strings.Count(s, ",") + 1; n > maxHintPhrases {
		v.add("hints", strconv.Itoa(n)+" phrases, more than "+strconv.Itoa(maxHintPhrases))
	}
	if n := utf8.RuneCountInString(s); n > maxHintChars {
		v.add("hints", strconv.Itoa(n)+" characters, more than "+strconv.Itoa(maxHintChars))
	}
	for rest := s; rest != ""; {
		var phrase string
		phrase, rest, _ = strings.Cut(rest, ",")
		if n := utf8.RuneCountInString(trimSpace(phrase)); n > maxHintPhraseChar {
			v.add("hints", "phrase "+strconv.Quote(trimSpace(phrase))+" has "+strconv.Itoa(n)+" characters, more than "+strconv.Itoa(maxHintPhraseChar))
		}
	}
}

// scheme is the scheme of an absolute URL.
type scheme uint8

const (
	schemeNone  scheme = iota // not an absolute URL with a host
	schemeOther               // another scheme
	schemeHTTP
	schemeHTTPS
	schemeWS
	schemeWSS
)

// urlScheme returns the scheme of s, which must have the form
// scheme://host… with a non-empty host; the scheme is matched without
// regard to case.
func urlScheme(s string) scheme {
	var sc scheme
	var n int
	switch {
	case hasPrefixFold(s, "https://"):
		sc, n = schemeHTTPS, len("https://")
	case hasPrefixFold(s, "http://"):
		sc, n = schemeHTTP, len("http://")
	case hasPrefixFold(s, "wss://"):
		sc, n = schemeWSS, len("wss://")
	case hasPrefixFold(s, "ws://"):
		sc, n = schemeWS, len("ws://")
	default:
		i := strings.Index(s, "://")
		if i <= 0 {
			return schemeNone
		}
		sc, n = schemeOther, i+len("://")
	}
	if n == len(s) || s[n] == '/' || s[n] == '?' || s[n] == '#' {
		return schemeNone
	}
	return sc
}

// hasPrefixFold reports whether s begins with prefix, a lower-case ASCII
// string, without regard to ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

const (
	notHTTPURL = " is not an absolute http or https URL"
	notWSURL   = " is not an absolute ws or wss URL"
)

// httpURL checks an attribute that holds an absolute http or https URL.
func (v *validator) httpURL(name, s string) {
	if s != "" {
		v.setHTTPURL(name, s)
	}
}

func (v *validator) setHTTPURL(name, s string) {
	v.attr(name, s)
	if sc := urlScheme(s); sc != schemeHTTPS && sc != schemeHTTP {
		v.add(name, strconv.Quote(s)+notHTTPURL)
	}
}

// httpText checks text content that holds an absolute http or https URL.
func (v *validator) httpText(s string) {
	if sc := urlScheme(trimSpace(s)); sc != schemeHTTPS && sc != schemeHTTP {
		v.add("", strconv.Quote(s)+notHTTPURL)
	}
}

// wsText checks text content that holds an absolute ws or wss URL.
func (v *validator) wsText(s string) {
	if sc := urlScheme(trimSpace(s)); sc != schemeWSS && sc != schemeWS {
		v.add("", strconv.Quote(s)+notWSURL)
	}
}
