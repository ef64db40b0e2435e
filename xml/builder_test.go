package xml_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	vxml "github.com/kickflow/kickflow/xml"
)

// The builder produces exactly the model a struct literal (or a parser)
// would: nil slices when there is nothing, no injected attributes.
func TestBuilderModel(t *testing.T) {
	t.Parallel()
	got := vxml.NewResponse().
		Conference("MyConference", vxml.ConferenceAttrs{EnterSound: "beep:1"}).
		Speak("Bye").
		Wait().
		Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, nil).
		Gather(vxml.GatherAttrs{Action: "https://a.example/g"}, func(g *vxml.GatherBuilder) {
			g.Speak("Press 1").Play("https://a.example/p.mp3")
		}).
		SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.Text("a").Text("b").Text("").Break().SayAs("digits", "12")
		}).
		Hangup(vxml.HangupAttrs{Schedule: time.Minute})
	want := &vxml.Response{Elements: []vxml.Element{
		&vxml.Conference{Attrs: vxml.ConferenceAttrs{EnterSound: "beep:1"}, Room: "MyConference"},
		&vxml.Speak{Content: []vxml.Node{vxml.Text("Bye")}},
		&vxml.Wait{},
		&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}},
		&vxml.Gather{Attrs: vxml.GatherAttrs{Action: "https://a.example/g"}, Elements: []vxml.Element{
			&vxml.Speak{Content: []vxml.Node{vxml.Text("Press 1")}},
			&vxml.Play{URL: "https://a.example/p.mp3"},
		}},
		&vxml.Speak{Content: []vxml.Node{
			vxml.Text("ab"),
			&vxml.Tag{Name: "break"},
			&vxml.Tag{Name: "say-as", Attrs: []vxml.Attr{{Name: "interpret-as", Value: "digits"}}, Content: []vxml.Node{vxml.Text("12")}},
		}},
		&vxml.Hangup{Attrs: vxml.HangupAttrs{Schedule: time.Minute}},
	}}
	assert.Equal(t, want, got)
}

func TestEndAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give time.Duration
		want vxml.EndTimeout
	}{
		{name: "whole seconds", give: 5 * time.Second, want: "5"},
		{name: "fraction kept for validation", give: 2500 * time.Millisecond, want: "2.5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, vxml.EndAfter(tt.give))
		})
	}
}
