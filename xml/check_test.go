package xml_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	// brief is a finding without its message.
	type brief struct {
		Severity     vxml.Severity
		Rule         vxml.Rule
		Path, Attr   string
		Line, Column int
	}
	tests := []struct {
		name string
		give string
		want []brief
	}{
		{name: "clean", give: `<Response><Conference stayAlone="true">r</Conference><Hangup/></Response>`},
		{name: "syntax", give: "<Response>\n  <Speak>hi</Speek>\n</Response>",
			want: []brief{{vxml.Error, vxml.RuleSyntax, "Response/Speak[1]", "", 2, 12}}},
		{name: "unknown element", give: "<Response>\n\n    <GetDigits/>\n</Response>",
			want: []brief{{vxml.Error, vxml.RuleInvalid, "Response/GetDigits[1]", "", 3, 5}}},
		{name: "limit", give: "<Response>" + strings.Repeat("<Gather>", 70),
			want: []brief{{vxml.Error, vxml.RuleLimit, "Response" + strings.Repeat("/Gather[1]", 64), "", 1, 515}}},
		{name: "invalid and lint merged in order",
			give: "<Response>\n  <Conference>Room</Conference>\n  <Gather numDigits=\"40\" action=\"https://a.example/\"/>\n  <Play>http://a.example/a.mp3</Play>\n</Response>",
			want: []brief{
				{vxml.Warning, vxml.RuleStayAlone, "Response/Conference[1]", "stayAlone", 2, 3},
				{vxml.Error, vxml.RuleInvalid, "Response/Gather[1]", "numDigits", 3, 3},
				{vxml.Warning, vxml.RuleInsecureURL, "Response/Play[1]", "", 4, 3},
			}},
		{name: "too large", give: "<Response>" + strings.Repeat(" ", vxml.MaxParseSize) + "</Response>",
			want: []brief{{vxml.Error, vxml.RuleLimit, "", "", 0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := vxml.Check([]byte(tt.give))
			var gotBrief []brief
			for _, f := range got {
				assert.NotEmpty(t, f.Message, "%v", f)
				gotBrief = append(gotBrief, brief{f.Severity, f.Rule, f.Path, f.Attr, f.Line, f.Column})
			}
			assert.Equal(t, tt.want, gotBrief)
		})
	}
}

func TestCheckLenient(t *testing.T) {
	t.Parallel()
	doc := []byte(`<Response><Wait foo="1"/></Response>`)
	strict := vxml.Check(doc)
	require.Len(t, strict, 1)
	assert.Equal(t, vxml.Error, strict[0].Severity)
	assert.Equal(t, "foo", strict[0].Attr)
	assert.Empty(t, vxml.Check(doc, vxml.Lenient()), "Lenient keeps an unknown attribute")
}

func TestFindingString(t *testing.T) {
	t.Parallel()
	f := vxml.Finding{Severity: vxml.Error, Rule: vxml.RuleInvalid, Path: "Response/Wait[1]", Attr: "length",
		Message: "bad", Line: 3, Column: 5}
	assert.Equal(t, "3:5: Response/Wait[1]@length: error: bad (invalid)", f.String())
	f.Line, f.Column = 0, 0
	assert.Equal(t, "Response/Wait[1]@length: error: bad (invalid)", f.String())
	assert.Equal(t, "severity(9)", vxml.Severity(9).String())
}
