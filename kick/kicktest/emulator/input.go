package emulator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kickflow/kickflow/kick/kicktest"
)

// Input is one thing the caller does, as JSON: exactly one of Keys,
// Speech, Silence and HangUp is set. Each <Gather> and each foreground
// <Record> takes the next one (see kicktest.Input).
type Input struct {
	// Keys are digits pressed on the keypad: 0-9, * and #.
	Keys string `json:"keys,omitempty"`
	// Speech is what the caller says.
	Speech string `json:"speech,omitempty"`
	// Confidence is the recogniser's confidence in Speech, 0 to 1; 0
	// means 0.9.
	Confidence float64 `json:"confidence,omitempty"`
	// Silence is a caller who does nothing: a Gather times out.
	Silence bool `json:"silence,omitempty"`
	// HangUp is a caller who hangs up.
	HangUp bool `json:"hangup,omitempty"`
	// DelayMS is the time before the keys or speech start, or before the
	// hang-up, in milliseconds.
	DelayMS int64 `json:"delayMs,omitempty"`
}

// defaultConfidence is the confidence of speech given without one.
const defaultConfidence = 0.9

// MaxInputs bounds the inputs of one call.
const MaxInputs = 1000

var errInput = errors.New("emulator: invalid input")

// toKicktest converts inputs to kicktest's form.
func toKicktest(in []Input) ([]kicktest.Input, error) {
	if len(in) > MaxInputs {
		return nil, fmt.Errorf("%w: more than %d items", errInput, MaxInputs)
	}
	out := make([]kicktest.Input, 0, len(in))
	for i, it := range in {
		set := 0
		for _, b := range []bool{it.Keys != "", it.Speech != "", it.Silence, it.HangUp} {
			if b {
				set++
			}
		}
		if set != 1 {
			return nil, fmt.Errorf("%w: item %d: set exactly one of keys, speech, silence and hangup", errInput, i+1)
		}
		if it.DelayMS < 0 || it.Confidence < 0 || it.Confidence > 1 {
			return nil, fmt.Errorf("%w: item %d: delayMs must be ≥ 0 and confidence between 0 and 1", errInput, i+1)
		}
		delay := time.Duration(it.DelayMS) * time.Millisecond
		switch {
		case it.Keys != "":
			if !validDigits(it.Keys) {
				return nil, fmt.Errorf("%w: item %d: keys must be 0-9, * and #", errInput, i+1)
			}
			out = append(out, kicktest.Keys{Digits: it.Keys, Delay: delay})
		case it.Speech != "":
			c := it.Confidence
			if c == 0 {
				c = defaultConfidence
			}
			out = append(out, kicktest.Speech{Text: it.Speech, Confidence: c, Delay: delay})
		case it.Silence:
			out = append(out, kicktest.Silence{})
		default:
			out = append(out, kicktest.HangUp{Delay: delay})
		}
	}
	return out, nil
}

// validDigits reports whether s is a non-empty string of keypad keys.
func validDigits(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789*#", r) {
			return false
		}
	}
	return true
}

// ParseScript reads a caller script, one input a line:
//
//	keys 1234#          press keys (0-9, * and #)
//	speech yes please   say the rest of the line
//	silence             do nothing: a Gather times out
//	hangup              hang up
//
// A line may end with "after DURATION" (keys, speech, hangup) to wait
// that long first, as in "keys 42# after 2s". Blank lines and lines
// starting with "#" are skipped. Errors name the line.
func ParseScript(data []byte) ([]Input, error) {
	var out []Input
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		var delay time.Duration
		if i := strings.LastIndex(rest, " after "); i >= 0 || strings.HasPrefix(rest, "after ") {
			head, d := "", strings.TrimPrefix(rest, "after ")
			if i >= 0 {
				head, d = rest[:i], rest[i+len(" after "):]
			}
			v, err := time.ParseDuration(strings.TrimSpace(d))
			if err != nil || v < 0 {
				return nil, fmt.Errorf("%w: line %d: bad duration %q", errInput, n, d)
			}
			rest, delay = strings.TrimSpace(head), v
		}
		it := Input{DelayMS: delay.Milliseconds()}
		switch verb {
		case "keys":
			it.Keys = rest
			if !validDigits(rest) {
				return nil, fmt.Errorf("%w: line %d: keys must be 0-9, * and #", errInput, n)
			}
		case "speech":
			if rest == "" {
				return nil, fmt.Errorf("%w: line %d: speech needs a text", errInput, n)
			}
			it.Speech = rest
		case "silence", "hangup":
			if rest != "" {
				return nil, fmt.Errorf("%w: line %d: %s takes nothing (but \"after\" for hangup)", errInput, n, verb)
			}
			it.Silence, it.HangUp = verb == "silence", verb == "hangup"
		default:
			return nil, fmt.Errorf("%w: line %d: unknown input %s (want keys, speech, silence or hangup)", errInput, n, strconv.Quote(verb))
		}
		out = append(out, it)
		if len(out) > MaxInputs {
			return nil, fmt.Errorf("%w: more than %d inputs", errInput, MaxInputs)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("emulator: reading script: %w", err)
	}
	return out, nil
}
