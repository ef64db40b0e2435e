package xml

import (
	"errors"
	"slices"
)

// Check reads data as Parse does, with opts, and returns everything it
// finds, each with its line and column: what makes Parse refuse the
// document, at Error severity, and what Lint finds. It returns nil for a
// valid document Lint has nothing to say about.
//
// A document Parse cannot read into the model gives a single finding, with
// rule RuleSyntax, RuleLimit or RuleInvalid. A document that reads gives
// one RuleInvalid finding per problem Validate reports, then Lint's
// findings (Lint works on invalid documents too), merged in the order of
// their positions. Findings without a position come first.
func Check(data []byte, opts ...ParseOption) []Finding {
	var loc Locations
	opts = append(slices.Clip(opts), Unvalidated(), Locate(&loc))
	r, err := Parse(data, opts...)
	if err != nil {
		return []Finding{parseFinding(err)}
	}
	var out []Finding
	if err := loc.Validate(r); err != nil {
		var pes ParseErrors
		if errors.As(err, &pes) {
			for _, pe := range pes {
				out = append(out, parseFinding(pe))
			}
		} else {
			out = append(out, parseFinding(err))
		}
	}
	out = append(out, loc.Lint(r)...)
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return out
}

// parseFinding turns an error of Parse into an Error finding.
func parseFinding(err error) Finding {
	f := Finding{Severity: Error, Rule: RuleInvalid, Message: err.Error()}
	var pe *ParseError
	if errors.As(err, &pe) {
		f.Path, f.Attr, f.Message, f.Line, f.Column = pe.Path, pe.Attr, pe.Msg, pe.Line, pe.Column
		switch pe.kind {
		case ErrSyntax:
			f.Rule = RuleSyntax
		case ErrLimit:
			f.Rule = RuleLimit
		}
	}
	return f
}
