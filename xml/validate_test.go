package xml_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// problems validates r and returns its problems, requiring at least one.
func problems(t *testing.T, r *vxml.Response) vxml.ValidationErrors {
	t.Helper()
	err := r.Validate()
	require.Error(t, err)
	require.ErrorIs(t, err, vxml.ErrInvalid)
	var errs vxml.ValidationErrors
	require.ErrorAs(t, err, &errs)
	return errs
}

func TestValidationErrorFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.ValidationError
		want string
	}{
		{name: "attribute", give: &vxml.ValidationError{Path: "Response/Gather[1]", Attr: "executionTimeout", Msg: "70 is outside 5..60"}, want: "Response/Gather[1]@executionTimeout: 70 is outside 5..60"},
		{name: "element", give: &vxml.ValidationError{Path: "Response/Conference[2]", Msg: "room name is empty"}, want: "Response/Conference[2]: room name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.Error())
			assert.ErrorIs(t, tt.give, vxml.ErrInvalid)
		})
	}
	errs := vxml.ValidationErrors{tests[0].give, tests[1].give}
	assert.Equal(t, tests[0].want+"\n"+tests[1].want, errs.Error())
	var one *vxml.ValidationError
	require.ErrorAs(t, error(errs), &one)
	assert.Same(t, tests[0].give, one)
}

func TestValidateValidIsNil(t *testing.T) {
	t.Parallel()
	err := referenceDoc().Validate()
	assert.NoError(t, err)
	assert.Nil(t, err, "a valid document must give an untyped nil error")
}

// seedDoc is the continuation example of Vobiz's kick-member page.
func seedDoc() *vxml.Response {
	return vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
		Speak("You have been disconnected from the conference")
}

func TestValidateAllocsReferenceAndSeed(t *testing.T) {
	tests := []struct {
		name string
		give *vxml.Response
	}{
		{name: "reference", give: referenceDoc()},
		{name: "seed", give: seedDoc()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.give.Validate())
			assert.Zero(t, testing.AllocsPerRun(100, func() { _ = tt.give.Validate() }))
			buf := make([]byte, 0, 1024)
			assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = tt.give.AppendRender(buf[:0]) }))
		})
	}
}

func TestValidateMessages(t *testing.T) {
	t.Parallel()
	gather := func(a vxml.GatherAttrs) *vxml.Response {
		a.Action = "https://a.example/g"
		return vxml.NewResponse().Gather(a, nil)
	}
	tests := []struct {
		name string
		give *vxml.Response
		want string
	}{
		{name: "seconds range", give: gather(vxml.GatherAttrs{ExecutionTimeout: 70 * time.Second}),
			want: "Response/Gather[1]@executionTimeout: 70s is outside 5s..60s"},
		{name: "count range", give: gather(vxml.GatherAttrs{NumDigits: vxml.Int(33)}),
			want: "Response/Gather[1]@numDigits: 33 is outside 1..32"},
		{name: "end timeout range", give: gather(vxml.GatherAttrs{SpeechEndTimeout: "12"}),
			want: `Response/Gather[1]@speechEndTimeout: "12" is outside 2..10`},
		{name: "required attribute", give: vxml.NewResponse().Gather(vxml.GatherAttrs{}, nil),
			want: "Response/Gather[1]@action: is required"},
		{name: "relative url", give: vxml.NewResponse().Redirect("/next"),
			want: `Response/Redirect[1]: "/next" is not an absolute http or https URL`},
		{name: "stream url", give: vxml.NewResponse().Stream("https://a.example/ws"),
			want: `Response/Stream[1]: "https://a.example/ws" is not an absolute ws or wss URL`},
		{name: "method", give: vxml.NewResponse().Redirect("https://a.example/", vxml.RedirectAttrs{Method: "PUT"}),
			want: `Response/Redirect[1]@method: "PUT" is not GET or POST`},
		{name: "digits", give: vxml.NewResponse().DTMF("12a"),
			want: `Response/DTMF[1]: "12a" has 'a' at byte 2; allowed are 0-9 * # w W`},
		{name: "negative count", give: vxml.NewResponse().Speak("a", vxml.SpeakAttrs{Loop: vxml.Int(-1)}),
			want: "Response/Speak[1]@loop: -1 is negative"},
		{name: "not positive", give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{MaxParticipants: vxml.Int(0)}),
			want: "Response/Conference[1]@maxParticipants: 0 is not positive"},
		{name: "negative seconds", give: vxml.NewResponse().Hangup(vxml.HangupAttrs{Schedule: -90 * time.Second}),
			want: "Response/Hangup[1]@schedule: -90s is negative"},
		{name: "wait silence", give: vxml.NewResponse().Wait(vxml.WaitAttrs{Length: 2 * time.Second, Silence: vxml.True, MinSilence: 2500 * time.Millisecond}),
			want: "Response/Wait[1]@minSilence: 2500ms is not shorter than length 2s"},
		{name: "sip pair", give: vxml.NewResponse().Add(&vxml.Dial{Phone: "1", Attrs: vxml.DialAttrs{SIPHeaders: "a=1,b"}}),
			want: `Response/Dial[1]@sipHeaders: pair "b" is not key=value`},
		{name: "record in dial", give: vxml.NewResponse().Add(&vxml.Dial{Elements: []vxml.Element{&vxml.Number{Phone: "1"}, &vxml.Record{}}}),
			want: `Response/Dial[1]/Record[1]@startOnDialAnswer: must be "true" for a Record inside a Dial`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := problems(t, tt.give)
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, tt.want, errs[0].Error())
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	r := vxml.NewResponse().
		Gather(vxml.GatherAttrs{ExecutionTimeout: 70 * time.Second, NumDigits: vxml.Int(0)}, func(g *vxml.GatherBuilder) {
			g.Play("/prompt.mp3")
		}).
		Conference("", vxml.ConferenceAttrs{CallbackURL: "/events"}).
		Stream("wss://a.example/ws", vxml.StreamAttrs{KeepCallAlive: vxml.True}).
		Dial(vxml.DialAttrs{ConfirmKey: "12"}, nil)
	errs := problems(t, r)
	type where struct{ path, attr string }
	got := make([]where, len(errs))
	for i, e := range errs {
		got[i] = where{e.Path, e.Attr}
	}
	assert.Equal(t, []where{
		{"Response/Gather[1]", "action"},
		{"Response/Gather[1]", "executionTimeout"},
		{"Response/Gather[1]", "numDigits"},
		{"Response/Gather[1]/Play[1]", ""},
		{"Response/Conference[1]", "callbackUrl"},
		{"Response/Conference[1]", ""},
		{"Response/Stream[1]", "keepCallAlive"},
		{"Response/Dial[1]", "confirmKey"},
		{"Response/Dial[1]", ""},
	}, got)
	_, err := r.Render()
	assert.ErrorIs(t, err, vxml.ErrInvalid)
}

func TestValidateSize(t *testing.T) {
	t.Parallel()
	// overhead is everything around the text of a lone Speak.
	one, err := vxml.NewResponse().Speak("x").Render()
	require.NoError(t, err)
	overhead := len(one) - 1
	tests := []struct {
		name    string
		give    *vxml.Response
		wantErr bool
	}{
		{name: "at the limit", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize-overhead))},
		{name: "one byte over", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize-overhead+1)), wantErr: true},
		{name: "bound over, size under", give: vxml.NewResponse().Speak(strings.Repeat("x", vxml.MaxSize/3))},
		{name: "over by escapes", give: vxml.NewResponse().Speak(strings.Repeat("&", vxml.MaxSize/5)), wantErr: true},
		{name: "many elements", give: manySpeaks(vxml.MaxSize/len("<Speak>hello</Speak>") + 1), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.give.Validate()
			out, renderErr := tt.give.Render()
			if !tt.wantErr {
				require.NoError(t, err)
				require.NoError(t, renderErr)
				assert.LessOrEqual(t, len(out), vxml.MaxSize)
				return
			}
			errs := problems(t, tt.give)
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, "Response", errs[0].Path)
			assert.Empty(t, errs[0].Attr)
			assert.ErrorIs(t, renderErr, vxml.ErrInvalid)
		})
	}
}

// A document too big and holding a nil element cannot be measured; the
// nil element is reported and nothing panics.
func TestValidateSizeWithNil(t *testing.T) {
	t.Parallel()
	r := vxml.NewResponse().Speak(strings.Repeat("x", 2*vxml.MaxSize)).Add((*vxml.Play)(nil))
	errs := problems(t, r)
	require.Len(t, errs, 1, "%v", errs)
	assert.Equal(t, "Response/Play[1]", errs[0].Path)
}

func manySpeaks(n int) *vxml.Response {
	r := vxml.NewResponse()
	for range n {
		r.Speak("hello")
	}
	return r
}

func TestValidateAllocs(t *testing.T) {
	r := vxml.NewResponse().
		Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
				s.Text("a").Prosody([]vxml.Attr{{Name: "rate", Value: "fast"}}, func(s *vxml.SSMLBuilder) { s.Text("b").Break() })
			}).Play("https://a.example/a.mp3")
		}).
		Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) { d.Number("+1555").User("sip:a@b") })
	require.NoError(t, r.Validate())
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = r.Validate() }))
}

func TestValidateInvalidCharacters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     *vxml.Response
		wantPath string
		wantAttr string
		wantMsg  string
	}{
		{
			name:     "C0 control in text",
			give:     vxml.NewResponse().Speak("ok").Conference("a\x01b"),
			wantPath: "Response/Conference[1]", wantMsg: "text has invalid XML character U+0001 at byte 1",
		},
		{
			name:     "invalid UTF-8 in attribute",
			give:     vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{EnterSound: "be\xffep"}),
			wantPath: "Response/Conference[1]", wantAttr: "enterSound", wantMsg: "value has invalid UTF-8 at byte 2",
		},
		{
			name:     "lone surrogate in SSML text",
			give:     vxml.NewResponse().Speak("a").Speak("x\xed\xa0\x80"),
			wantPath: "Response/Speak[2]", wantMsg: "text has invalid UTF-8 at byte 1",
		},
		{
			name:     "U+FFFE in URL",
			give:     vxml.NewResponse().Play("https://a.example/\uFFFE"),
			wantPath: "Response/Play[1]", wantMsg: "text has invalid XML character U+FFFE at byte 18",
		},
		{
			name:     "U+FFFF in extra value",
			give:     vxml.NewResponse().Wait(vxml.WaitAttrs{Extra: []vxml.Attr{{Name: "x", Value: "\uFFFF"}}}),
			wantPath: "Response/Wait[1]", wantAttr: "x", wantMsg: "value has invalid XML character U+FFFF at byte 0",
		},
		{
			name:     "newline in attribute",
			give:     vxml.NewResponse().Dial(vxml.DialAttrs{CallerName: "Bob\n"}, func(d *vxml.DialBuilder) { d.Number("1") }),
			wantPath: "Response/Dial[1]", wantAttr: "callerName", wantMsg: "value has tab or newline at byte 3",
		},
		{
			name:     "carriage return in text",
			give:     vxml.NewResponse().Speak("a\r\nb"),
			wantPath: "Response/Speak[1]", wantMsg: "text has carriage return at byte 1",
		},
		{
			name: "nested SSML attribute",
			give: vxml.NewResponse().Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
				g.Speak("p").SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
					s.Text("a").Prosody(nil, func(s *vxml.SSMLBuilder) { s.SayAs("x\x00", "1") })
				})
			}),
			wantPath: "Response/Gather[1]/Speak[2]/prosody[1]/say-as[1]", wantAttr: "interpret-as",
			wantMsg: "value has invalid XML character U+0000 at byte 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := problems(t, tt.give)
			require.Len(t, errs, 1, "%v", errs)
			assert.Equal(t, &vxml.ValidationError{Path: tt.wantPath, Attr: tt.wantAttr, Msg: tt.wantMsg}, errs[0])
			_, err := tt.give.Render()
			assert.ErrorIs(t, err, vxml.ErrInvalid)
		})
	}
}

func TestValidateStructure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give *vxml.Response
		want []string
	}{
		{
			name: "required text",
			give: vxml.NewResponse().Conference("").Play("").Redirect("").Stream("").Speak("").DTMF("").
				Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) { d.Number("").User("") }),
			want: []string{
				"Response/Conference[1]: room name is empty",
				"Response/Play[1]: URL is empty",
				"Response/Redirect[1]: URL is empty",
				"Response/Stream[1]: URL is empty",
				"Response/Speak[1]: text is empty",
				"Response/DTMF[1]: digits is empty",
				"Response/Dial[1]/Number[1]: phone number is empty",
				"Response/Dial[1]/User[1]: URI is empty",
			},
		},
		{
			name: "blank required text",
			give: vxml.NewResponse().Conference(" ").Play("\n").Redirect(" \t ").Stream(" ").DTMF("  ").
				Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) { d.Number(" ").User("\n  ") }).
				Add(&vxml.Dial{Phone: " \n"}),
			want: []string{
				"Response/Conference[1]: room name is only white space, which Vobiz trims away",
				"Response/Play[1]: URL is only white space, which Vobiz trims away",
				"Response/Redirect[1]: URL is only white space, which Vobiz trims away",
				"Response/Stream[1]: URL is only white space, which Vobiz trims away",
				"Response/DTMF[1]: digits is only white space, which Vobiz trims away",
				"Response/Dial[1]/Number[1]: phone number is only white space, which Vobiz trims away",
				"Response/Dial[1]/User[1]: URI is only white space, which Vobiz trims away",
				"Response/Dial[2]: shorthand phone number is only white space, which Vobiz trims away",
			},
		},
		{
			name: "nesting",
			give: (&vxml.Response{Elements: []vxml.Element{
				&vxml.Number{Phone: "1"},
				&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}, Elements: []vxml.Element{&vxml.Wait{}, &vxml.Play{URL: "https://a.example/p"}}},
				&vxml.PreAnswer{Elements: []vxml.Element{&vxml.Hangup{}}},
				&vxml.Dial{Elements: []vxml.Element{&vxml.User{URI: "sip:a@b"}, &vxml.Conference{Room: "r"}}},
				nil,
				(*vxml.Wait)(nil),
			}}),
			want: []string{
				"Response/Number[1]: not allowed in Response",
				"Response/Gather[1]/Wait[1]: not allowed in Gather",
				"Response/PreAnswer[1]/Hangup[1]: not allowed in PreAnswer",
				"Response/Dial[1]/Conference[1]: not allowed in Dial",
				"Response/nil[1]: element is nil",
				"Response/Wait[1]: element is nil",
			},
		},
		{
			name: "durations and booleans",
			give: vxml.NewResponse().
				Wait(vxml.WaitAttrs{Length: 1500 * time.Millisecond, MinSilence: 1500 * time.Microsecond, Beep: vxml.Bool(7)}).
				Hangup(vxml.HangupAttrs{Schedule: -time.Second}).
				Gather(vxml.GatherAttrs{Action: "https://a.example/g", DigitEndTimeout: vxml.EndAfter(2500 * time.Millisecond), SpeechEndTimeout: "x\x00"}, nil),
			want: []string{
				"Response/Wait[1]@length: 1.5s is not a whole number of seconds",
				"Response/Wait[1]@minSilence: 1.5ms is not a whole number of milliseconds",
				"Response/Wait[1]@beep: Bool(7) is not Unset, True or False",
				"Response/Hangup[1]@schedule: -1s is negative",
				`Response/Gather[1]@digitEndTimeout: "2.5s" is not auto or a whole number of seconds`,
				`Response/Gather[1]@speechEndTimeout: "x\x00" is not auto or a whole number of seconds`,
			},
		},
		{
			name: "extra attribute names",
			give: vxml.NewResponse().Conference("r", vxml.ConferenceAttrs{Extra: []vxml.Attr{
				{Name: "stayAlone", Value: "true"},
				{Name: `k="1" evil`, Value: "v"},
				{Name: "1x", Value: "v"},
				{Name: "", Value: "v"},
				{Name: "x-y", Value: "1"},
				{Name: "x-y", Value: "2"},
			}}),
			want: []string{
				"Response/Conference[1]@stayAlone: is a typed attribute; set it in the attrs struct",
				`Response/Conference[1]@k="1" evil: not a valid XML attribute name`,
				"Response/Conference[1]@1x: not a valid XML attribute name",
				"Response/Conference[1]: extra attribute has an empty name",
				"Response/Conference[1]@x-y: repeated attribute",
			},
		},
		{
			name: "ssml",
			give: vxml.NewResponse().Speak("ok").Add(&vxml.Speak{Content: []vxml.Node{
				vxml.Text("a"), vxml.Text("b"),
				&vxml.Tag{Name: "script"},
				&vxml.Tag{Name: "break", Attrs: []vxml.Attr{{Name: "rate", Value: "x"}}, Content: []vxml.Node{vxml.Text("c")}},
				vxml.Text(""),
				nil,
			}}),
			want: []string{
				"Response/Speak[2]: adjacent text nodes (join them)",
				`Response/Speak[2]/script[1]: unknown SSML tag "script"`,
				"Response/Speak[2]/break[1]@rate: not an attribute of <break>",
				"Response/Speak[2]/break[1]: break has no content",
				"Response/Speak[2]: text node is empty",
				"Response/Speak[2]: SSML node is nil",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs := problems(t, tt.give)
			got := make([]string, len(errs))
			for i, e := range errs {
				got[i] = e.Error()
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBuilderMistakesAreSticky(t *testing.T) {
	t.Parallel()
	r := vxml.NewResponse().
		Conference("a", vxml.ConferenceAttrs{}, vxml.ConferenceAttrs{StayAlone: vxml.True}).
		Speak("fine").
		Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.Speak("x").Play("https://a.example/p", vxml.PlayAttrs{}, vxml.PlayAttrs{}, vxml.PlayAttrs{})
		}).
		Dial(vxml.DialAttrs{}, func(d *vxml.DialBuilder) { d.Number("1").Number("2", vxml.NumberAttrs{}, vxml.NumberAttrs{}) }).
		PreAnswer(func(p *vxml.PreAnswerBuilder) { p.Wait(vxml.WaitAttrs{}, vxml.WaitAttrs{}) })

	_, err := r.Render()
	require.ErrorIs(t, err, vxml.ErrInvalid)
	var errs vxml.ValidationErrors
	require.True(t, errors.As(err, &errs))
	got := make([]string, len(errs))
	for i, e := range errs {
		got[i] = e.Error()
	}
	assert.Equal(t, []string{
		"Response/Conference[1]: 2 attribute sets given, at most one is allowed",
		"Response/Gather[1]/Play[1]: 3 attribute sets given, at most one is allowed",
		"Response/Dial[1]/Number[2]: 2 attribute sets given, at most one is allowed",
		"Response/PreAnswer[1]/Wait[1]: 2 attribute sets given, at most one is allowed",
	}, got)

	// The mistake is kept, not fixed: the element is still there, with the
	// first attrs, and rendering keeps failing.
	require.IsType(t, &vxml.Conference{}, r.Elements[0])
	assert.Equal(t, vxml.Unset, r.Elements[0].(*vxml.Conference).Attrs.StayAlone)
	_, err = r.Render()
	assert.ErrorIs(t, err, vxml.ErrInvalid)
}

// Paths stay right below the validator's fixed-size stack.
func TestValidateDeepPath(t *testing.T) {
	t.Parallel()
	var build func(s *vxml.SSMLBuilder, depth int)
	build = func(s *vxml.SSMLBuilder, depth int) {
		if depth == 0 {
			s.SayAs("x\x00", "1")
			return
		}
		s.Prosody(nil, func(s *vxml.SSMLBuilder) { build(s, depth-1) })
	}
	r := vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) { build(s, 12) }).Speak("after")
	errs := problems(t, r)
	require.Len(t, errs, 1, "%v", errs)
	assert.Equal(t, "Response/Speak[1]"+strings.Repeat("/prosody[1]", 12)+"/say-as[1]", errs[0].Path)
	assert.Equal(t, "interpret-as", errs[0].Attr)
}
