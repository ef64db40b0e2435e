package xml_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// locatedDoc has elements on known lines and columns, an SSML tag among
// them, and draws three lint findings.
const locatedDoc = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Speak voice="Polly.Joanna">Hi <break time="1s"/> there</Speak>
  <Gather action="https://a.example/g">
      <Play>http://a.example/a.mp3</Play>
  </Gather>
  <Conference>Room</Conference>
</Response>
`

func TestLocateElements(t *testing.T) {
	t.Parallel()
	var loc vxml.Locations
	r, err := vxml.Parse([]byte(locatedDoc), vxml.Locate(&loc))
	require.NoError(t, err)
	speak := r.Elements[0].(*vxml.Speak)
	gather := r.Elements[1].(*vxml.Gather)
	tests := []struct {
		name     string
		give     vxml.Element
		wantLine int
		wantCol  int
	}{
		{name: "Speak", give: speak, wantLine: 3, wantCol: 3},
		{name: "Gather", give: gather, wantLine: 4, wantCol: 3},
		{name: "Play in Gather", give: gather.Elements[0], wantLine: 5, wantCol: 7},
		{name: "Conference", give: r.Elements[2], wantLine: 7, wantCol: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			line, col, ok := loc.Element(tt.give)
			require.True(t, ok)
			assert.Equal(t, tt.wantLine, line, "line")
			assert.Equal(t, tt.wantCol, col, "column")
		})
	}
	t.Run("SSML tag", func(t *testing.T) {
		t.Parallel()
		line, col, ok := loc.Tag(speak.Content[1].(*vxml.Tag))
		require.True(t, ok)
		assert.Equal(t, []int{3, 34}, []int{line, col})
	})
}

func TestLocateUnknown(t *testing.T) {
	t.Parallel()
	var loc vxml.Locations
	r, err := vxml.Parse([]byte(locatedDoc), vxml.Locate(&loc))
	require.NoError(t, err)

	_, _, ok := loc.Element(&vxml.Wait{})
	assert.False(t, ok, "an element built in code has no position")
	_, _, ok = loc.Element(nil)
	assert.False(t, ok, "nil has no position")
	var zero vxml.Locations
	_, _, ok = zero.Element(r.Elements[0])
	assert.False(t, ok, "the zero Locations knows no position")
	var nilLoc *vxml.Locations
	_, _, ok = nilLoc.Tag(&vxml.Tag{Name: "p"})
	assert.False(t, ok, "a nil Locations knows no position")

	// A second Parse replaces what the first recorded.
	_, err = vxml.Parse([]byte(`<Response><Wait/></Response>`), vxml.Locate(&loc))
	require.NoError(t, err)
	_, _, ok = loc.Element(r.Elements[0])
	assert.False(t, ok, "positions of an earlier Parse call are forgotten")
}

func TestLocationsLint(t *testing.T) {
	t.Parallel()
	var loc vxml.Locations
	r, err := vxml.Parse([]byte(locatedDoc), vxml.Locate(&loc))
	require.NoError(t, err)

	got := loc.Lint(r)
	plain := r.Lint()
	require.Len(t, got, len(plain))
	type where struct {
		Rule         vxml.Rule
		Path         string
		Line, Column int
	}
	var gotWhere []where
	for i, f := range got {
		gotWhere = append(gotWhere, where{f.Rule, f.Path, f.Line, f.Column})
		f.Line, f.Column = 0, 0
		assert.Equal(t, plain[i], f, "finding %d differs from Lint's beyond its position", i)
	}
	assert.Equal(t, []where{
		{vxml.RulePollyVoice, "Response/Speak[1]", 3, 3},
		{vxml.RuleInsecureURL, "Response/Gather[1]/Play[1]", 5, 7},
		{vxml.RuleConferenceLast, "Response/Conference[1]", 7, 3},
		{vxml.RuleStayAlone, "Response/Conference[1]", 7, 3},
	}, gotWhere)

	// An element added after parsing is linted without a position.
	r.Add(&vxml.Conference{Room: "Other"})
	last := loc.Lint(r)
	var added []vxml.Finding
	for _, f := range last {
		if f.Path == "Response/Conference[2]" {
			added = append(added, f)
		}
	}
	require.NotEmpty(t, added)
	for _, f := range added {
		assert.Zero(t, f.Line, "%v", f)
		assert.Zero(t, f.Column, "%v", f)
	}
}

func TestLocationsValidate(t *testing.T) {
	t.Parallel()
	doc := "<Response>\n  <Speak>ok</Speak>\n  <Gather numDigits=\"40\"><Speak>x <break time=\"1s\" strength=\"loud\"/></Speak></Gather>\n</Response>"
	var loc vxml.Locations
	r, err := vxml.Parse([]byte(doc), vxml.Unvalidated(), vxml.Locate(&loc))
	require.NoError(t, err)

	err = loc.Validate(r)
	require.Error(t, err)
	assert.True(t, errors.Is(err, vxml.ErrInvalid))
	var pes vxml.ParseErrors
	require.True(t, errors.As(err, &pes))
	// Parse without Unvalidated locates the same problems the same way.
	_, parseErr := vxml.Parse([]byte(doc))
	assert.Equal(t, parseErr, err, "Locations.Validate and Parse disagree")
	_, parseErr = vxml.Parse([]byte(doc), vxml.Locate(&vxml.Locations{}))
	assert.Equal(t, parseErr, err, "Parse with Locate and Locations.Validate disagree")

	for _, pe := range pes {
		assert.Equal(t, 3, pe.Line, "%v", pe)
		assert.Positive(t, pe.Column, "%v", pe)
	}

	ok, err := vxml.Parse([]byte(locatedDoc), vxml.Locate(&loc))
	require.NoError(t, err)
	assert.NoError(t, loc.Validate(ok))
}
