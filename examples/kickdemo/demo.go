package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/kick"
	"github.com/kickflow/kickflow/kick/kicktest"
	vxml "github.com/kickflow/kickflow/xml"
)

// The demo's rooms and what it makes callers hear.
const (
	mainRoom     = "MyConference"
	breakoutRoom = "breakout"

	kickAnnounce     = "Goodbye {{.From}}, you have been removed from {{.Room}}."
	moveAnnounce     = "Moving you to the breakout room."
	endAnnounce      = "The meeting is over. Goodbye {{.From}}."
	breakoutAnnounce = "The breakout room is closing. Goodbye."
	tellRoom         = "{{.From}} has left the meeting."
)

// The fake platform's account. They are not real credentials; fixing them
// keeps the printed kick API paths the same from run to run.
const (
	demoAuthID    = "MA_KICKDEMO"
	demoAuthToken = "kickdemo-auth-token"
)

// config is what the flags chose.
type config struct {
	callers int
	verbose bool
}

// caller is one simulated caller.
type caller struct {
	name, from, uuid string
	call             *kicktest.Call
}

func (c *caller) String() string { return c.name }

// newCallers returns n callers with distinct names, numbers and call UUIDs:
// the first ten have names, the others are numbered.
func newCallers(n int) []*caller {
	names := [...]string{"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy"}
	cs := make([]*caller, n)
	for i := range cs {
		name := "Caller " + strconv.Itoa(i+1)
		if i < len(names) {
			name = names[i]
		}
		cs[i] = &caller{
			name: name,
			from: fmt.Sprintf("+1415555%04d", 101+i),
			uuid: fmt.Sprintf("call-%d", i+1),
		}
	}
	return cs
}

// scene holds what the demo's steps share.
type scene struct {
	cfg     config
	p       *printer
	srv     *kicktest.Server
	app     *app
	callers []*caller
	byUUID  map[string]*caller
	step    int
	shown   int // exchanges printed so far in verbose mode
}

// demo runs the whole scenario and writes the timeline to out.
func demo(ctx context.Context, cfg config, out io.Writer) (err error) {
	srv := kicktest.NewServer(kicktest.WithCredentials(demoAuthID, demoAuthToken))
	client, err := kick.New(srv.AuthID, srv.AuthToken, kick.WithBaseURL(srv.URL), kick.WithHTTPClient(srv.Client()))
	if err != nil {
		srv.Close()
		return fmt.Errorf("kickdemo: %w", err)
	}
	a, err := startApp(client, srv.AuthToken)
	if err != nil {
		srv.Close()
		return err
	}
	defer func() {
		// The platform first, so that it stops calling the app, then the app.
		srv.Close()
		err = errors.Join(err, a.close())
	}()

	s := &scene{cfg: cfg, p: &printer{w: out}, srv: srv, app: a, byUUID: make(map[string]*caller)}
	s.callers = newCallers(cfg.callers)
	for _, c := range s.callers {
		s.byUUID[c.uuid] = c
	}
	steps := []func(context.Context) error{s.intro, s.dialIn, s.muteNoisy, s.kickFirst, s.moveSecond, s.showRooms, s.endMeeting, s.transcripts}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
		if err := s.p.err; err != nil {
			return fmt.Errorf("kickdemo: write: %w", err)
		}
	}
	return nil
}

func (s *scene) intro(context.Context) error {
	p := s.p
	p.line("kickdemo: kick a member out of a Vobiz conference, and choose what they hear next.")
	p.line("Everything runs in this process, on loopback; no network, no credentials:")
	p.line("  platform  %s  a fake Vobiz (kicktest): the kick API and simulated callers", s.srv.URL)
	p.line("  app       %s  an app built with flow: %s, %s, %s", s.app.url,
		answerPath, flowPrefix+flow.EventsPath, flowPrefix+flow.ContinuePath)
	p.line("The app checks the platform's signature on every callback and continuation request.")
	p.line("")
	return nil
}

// next starts a numbered step.
func (s *scene) next(format string, args ...any) {
	s.step++
	s.p.line("%d. "+format, append([]any{s.step}, args...)...)
}

// dialIn starts the calls one after the other, so that member IDs follow
// the order of the callers, and waits until the app's registry has each.
func (s *scene) dialIn(ctx context.Context) error {
	for i, c := range s.callers {
		c.call = s.srv.StartCall(kicktest.CallSpec{
			AnswerURL: s.app.url + answerPath,
			CallUUID:  c.uuid,
			From:      c.from,
		})
		m, err := s.waitIn(ctx, c, mainRoom)
		if err != nil {
			return err
		}
		if i > 0 {
			s.next("%s (%s) calls in and joins %s as member %s.", c, c.from, mainRoom, m.MemberID)
			if err := s.verbose(ctx); err != nil {
				return err
			}
			continue
		}
		s.next("%s (%s) calls in. The app answers with flow's join document:", c, c.from)
		ex, ok := s.exchange(c, vxml.EventStartApp)
		if !ok {
			return fmt.Errorf("kickdemo: no answer fetch recorded for %s", c)
		}
		if err := s.p.doc(ex.Body); err != nil {
			return err
		}
		s.p.line("   The <Redirect> after <Conference> is the continuation hook: the platform")
		s.p.line("   runs it only if %s leaves the room while the call is still up.", c)
		s.p.line("   %s joined %s as member %s; the enter callback told the app's registry.", c, mainRoom, m.MemberID)
		if err := s.verbose(ctx); err != nil {
			return err
		}
	}
	return nil
}

// muteNoisy mutes the third caller through flow, by call UUID.
func (s *scene) muteNoisy(ctx context.Context) error {
	c := s.callers[2]
	p := s.p
	s.next("%s's line is noisy: the app mutes her by call UUID. flow looks her", c)
	p.line("   member ID up right before the request, as for a kick:")
	res, err := s.app.flow.Mute(ctx, flow.Call(c.uuid))
	if err != nil {
		return fmt.Errorf("kickdemo: mute %s: %w", c, err)
	}
	s.request(kicktest.RouteMute, res.Response)
	for _, m := range s.srv.Members(mainRoom) {
		if m.CallUUID == c.uuid && m.Muted {
			p.line("   The platform has %s (member %s) muted: the others no longer hear her.", c, m.ID)
		}
	}
	return s.verbose(ctx)
}

func (s *scene) kickFirst(ctx context.Context) error {
	c := s.callers[0]
	m, err := s.member(ctx, c)
	if err != nil {
		return err
	}
	p := s.p
	s.next("Kicking %s (member %s) with an announcement.", c, m.MemberID)
	p.line("   A kick does not hang up: the platform takes %s out of the room and her", c)
	p.line("   document goes on after <Conference>, with the Redirect to %s.", flowPrefix+flow.ContinuePath)
	p.line("   So the app stores what she hears next before it kicks: flow looks her")
	p.line("   member ID up by call UUID, renders the template")
	p.line("     %q", kickAnnounce)
	p.line("   for her, stores the document under her call UUID, then calls the kick API:")
	res, err := s.app.flow.Kick(ctx, flow.Call(c.uuid), flow.Continuation{
		Announce: kickAnnounce,
		TellRoom: flow.RoomMessage{Speak: tellRoom},
	})
	if err != nil {
		return fmt.Errorf("kickdemo: kick %s: %w", c, err)
	}
	s.kickRequest(res)
	if t := res.TellRoom; t != nil {
		if t.Err != nil {
			return fmt.Errorf("kickdemo: tell the room: %w", t.Err)
		}
		p.line("   The kick done, flow tells the %d member(s) who stay, looked up afresh and", len(t.Members))
		p.line("   addressed by member ID (never \"all\", which could reach %s), with", c)
		p.line("     %q", tellRoom)
		s.request(kicktest.RouteSpeak, t.Speak)
	}
	if err := s.continued(ctx, c); err != nil {
		return err
	}
	if err := s.ended(ctx, c); err != nil {
		return err
	}
	p.line("   Had the app stored nothing, %s would have served flow's default,", flowPrefix+flow.ContinuePath)
	p.line("   %q and a hangup, rather than dead air.", flow.DefaultEndedText)
	return s.verbose(ctx)
}

func (s *scene) moveSecond(ctx context.Context) error {
	c := s.callers[1]
	m, err := s.member(ctx, c)
	if err != nil {
		return err
	}
	p := s.p
	s.next("Moving %s (member %s) to the %s room: the same kick, with a", c, m.MemberID, breakoutRoom)
	p.line("   continuation that ends in a new join document, for %q:", breakoutRoom)
	res, err := s.app.flow.Kick(ctx, flow.Call(c.uuid), flow.Continuation{
		Announce: moveAnnounce,
		Then:     flow.MoveTo(breakoutRoom),
	})
	if err != nil {
		return fmt.Errorf("kickdemo: move %s: %w", c, err)
	}
	s.kickRequest(res)
	if err := s.continued(ctx, c); err != nil {
		return err
	}
	m, err = s.waitIn(ctx, c, breakoutRoom)
	if err != nil {
		return err
	}
	p.line("   %s heard %s and joined %s as member %s.", c, quoteAll(heard(c)), breakoutRoom, m.MemberID)
	p.line("   The new join document has its own continuation hook, so he can be")
	p.line("   kicked with a continuation there too.")
	return s.verbose(ctx)
}

func (s *scene) showRooms(ctx context.Context) error {
	// Every callback sent so far has reached the app.
	if err := s.srv.WaitCallbacks(ctx); err != nil {
		return fmt.Errorf("kickdemo: %w", err)
	}
	s.next("The rooms, as the app's registry knows them from the conference callbacks:")
	for _, room := range []string{mainRoom, breakoutRoom} {
		ms, err := s.app.flow.Members(ctx, room)
		if err != nil {
			return fmt.Errorf("kickdemo: %w", err)
		}
		list := make([]string, len(ms))
		for i, m := range ms {
			list[i] = fmt.Sprintf("%s (member %s)", s.byUUID[m.CallUUID], m.MemberID)
		}
		s.p.line("     %-14s %s", room+":", strings.Join(list, ", "))
	}
	return nil
}

func (s *scene) endMeeting(ctx context.Context) error {
	s.next("Ending the meeting: one kick for everyone left in %s, each with", mainRoom)
	s.p.line("   a goodbye of their own from the template")
	s.p.line("     %q", endAnnounce)
	if err := s.kickRoom(ctx, mainRoom, endAnnounce); err != nil {
		return err
	}
	s.next("Closing %s the same way, with the announcement", breakoutRoom)
	s.p.line("     %q", breakoutAnnounce)
	return s.kickRoom(ctx, breakoutRoom, breakoutAnnounce)
}

// kickRoom kicks every member of room with announce, then a hangup, and
// waits for their calls to end.
func (s *scene) kickRoom(ctx context.Context, room, announce string) error {
	res, err := s.app.flow.Kick(ctx, flow.Room(room), flow.Continuation{Announce: announce})
	if err != nil {
		return fmt.Errorf("kickdemo: kick room %s: %w", room, err)
	}
	s.kickRequest(res)
	for _, m := range res.Members {
		if err := s.ended(ctx, s.byUUID[m.CallUUID]); err != nil {
			return err
		}
	}
	return s.verbose(ctx)
}

func (s *scene) transcripts(ctx context.Context) error {
	if err := s.srv.WaitCallbacks(ctx); err != nil {
		return fmt.Errorf("kickdemo: %w", err)
	}
	p := s.p
	p.line("")
	p.line("What each caller's call did, in order (the platform's transcripts; virtual")
	p.line("time: each Speak counts one second):")
	for _, c := range s.callers {
		p.line("")
		p.line("%s (%s, %s)", c, c.from, c.uuid)
		for line := range strings.Lines(c.call.Transcript().String()) {
			p.line("  %s", strings.TrimSuffix(line, "\n"))
		}
	}
	st := s.app.flow.Stats()
	p.line("")
	p.line("flow: %d kicks, %d continuations served, %d defaults, %d enter and %d exit callbacks,",
		st.Kicks, st.Continuations, st.Defaults, st.Enters, st.Exits)
	p.line("%d requests rejected for their signature. All %d calls have ended.", st.SignatureFailures, len(s.callers))
	return nil
}

// waitIn waits until the app's registry has the caller in room.
func (s *scene) waitIn(ctx context.Context, c *caller, room string) (flow.Member, error) {
	var m flow.Member
	var lookupErr error
	err := s.srv.WaitUntil(ctx, func() bool {
		got, ok, err := s.app.flow.Member(ctx, c.uuid)
		if err != nil {
			lookupErr = err
			return true
		}
		m = got
		return ok && got.Room == room
	})
	if err = errors.Join(lookupErr, err); err != nil {
		return flow.Member{}, fmt.Errorf("kickdemo: %s did not reach %s: %w", c, room, err)
	}
	return m, nil
}

// member returns the registry's record of the caller.
func (s *scene) member(ctx context.Context, c *caller) (flow.Member, error) {
	m, ok, err := s.app.flow.Member(ctx, c.uuid)
	if err != nil {
		return flow.Member{}, fmt.Errorf("kickdemo: %w", err)
	}
	if !ok {
		return flow.Member{}, fmt.Errorf("kickdemo: %s is in no room", c)
	}
	return m, nil
}

// kickRequest prints the kick API request the platform received last and
// the answer the flow got.
func (s *scene) kickRequest(res *flow.Result) {
	s.request(kicktest.RouteKick, res.Kick)
}

// request prints the last request of the route the platform received and
// the answer res to it.
func (s *scene) request(route kicktest.Route, res *kick.Result) {
	reqs := s.srv.Requests()
	for i := len(reqs) - 1; i >= 0 && res != nil; i-- {
		if r := reqs[i]; r.Route == route {
			s.p.line("     %s %s -> %d %s", r.Method, r.URI, res.StatusCode, res.Message)
			return
		}
	}
}

// continued waits until the kicked caller has fetched the continuation and
// prints what the app served.
func (s *scene) continued(ctx context.Context, c *caller) error {
	var ex kicktest.Exchange
	err := s.srv.WaitUntil(ctx, func() bool {
		var ok bool
		ex, ok = s.exchange(c, vxml.EventRedirect)
		return ok
	})
	if err != nil {
		return fmt.Errorf("kickdemo: %s fetched no continuation: %w", c, err)
	}
	s.p.line("   %s's call reached the Redirect; %s served:", c, flowPrefix+flow.ContinuePath)
	return s.p.doc(ex.Body)
}

// ended waits for the caller's call to end and prints what the caller
// heard after leaving the room.
func (s *scene) ended(ctx context.Context, c *caller) error {
	cause, err := c.call.Wait(ctx)
	if err != nil {
		return fmt.Errorf("kickdemo: %s's call did not end: %w", c, err)
	}
	s.p.line("   %s heard %s; the call ended: %s.", c, quoteAll(heard(c)), cause)
	return nil
}

// exchange returns the caller's latest request of the given event.
func (s *scene) exchange(c *caller, event vxml.Event) (kicktest.Exchange, bool) {
	exs := s.srv.Exchanges()
	for i := len(exs) - 1; i >= 0; i-- {
		if exs[i].CallUUID == c.uuid && exs[i].Event == event {
			return exs[i], true
		}
	}
	return kicktest.Exchange{}, false
}

// verbose prints, with -v, the requests the platform made to the app since
// the last call, once every callback sent so far has arrived.
func (s *scene) verbose(ctx context.Context) error {
	if !s.cfg.verbose {
		return nil
	}
	if err := s.srv.WaitCallbacks(ctx); err != nil {
		return fmt.Errorf("kickdemo: %w", err)
	}
	exs := s.srv.Exchanges()
	for _, ex := range exs[s.shown:] {
		if err := s.p.exchange(ex); err != nil {
			return err
		}
	}
	s.shown = len(exs)
	return nil
}

// heard returns what the caller heard since leaving a room last.
func heard(c *caller) []string {
	var texts []string
	for _, st := range c.call.Transcript().Steps() {
		switch st := st.(type) {
		case kicktest.Left:
			texts = texts[:0]
		case kicktest.Spoke:
			texts = append(texts, st.Text)
		}
	}
	return texts
}

func quoteAll(texts []string) string {
	if len(texts) == 0 {
		return "nothing"
	}
	q := make([]string, len(texts))
	for i, t := range texts {
		q[i] = strconv.Quote(t)
	}
	return strings.Join(q, ", then ")
}
