package kick_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/kick"
)

// answer is a scripted answer of a fakeAPI.
type answer struct {
	status     int
	body       string
	retryAfter string
}

// recorded is a request a fakeAPI received.
type recorded struct {
	method, uri, body string
	header            http.Header
}

// fakeAPI is a bare httptest server that records every request and answers
// with the scripted answers in turn, repeating the last one.
type fakeAPI struct {
	mu      sync.Mutex
	reqs    []recorded
	answers []answer
}

func newFakeAPI(t *testing.T, answers ...answer) (*kick.Client, *fakeAPI, *sleeps) {
	t.Helper()
	return newFakeAPIWith(t, nil, answers...)
}

// newFakeAPIWith is newFakeAPI with extra client options.
func newFakeAPIWith(t *testing.T, opts []kick.Option, answers ...answer) (*kick.Client, *fakeAPI, *sleeps) {
	t.Helper()
	f := &fakeAPI{answers: answers}
	ts := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(ts.Close)
	sl := &sleeps{}
	c, err := kick.New("MA_TEST", "tok", append([]kick.Option{kick.WithBaseURL(ts.URL),
		kick.WithHTTPClient(ts.Client()), kick.WithSleep(sl.sleep)}, opts...)...)
	require.NoError(t, err)
	return c, f, sl
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, recorded{method: r.Method, uri: r.RequestURI, body: string(body), header: r.Header.Clone()})
	a := f.answers[min(len(f.reqs), len(f.answers))-1]
	f.mu.Unlock()
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	if a.body != "" && strings.HasPrefix(a.body, "{") {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.status)
	if _, err := io.WriteString(w, a.body); err != nil {
		return // the client has gone
	}
}

func (f *fakeAPI) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// Room and member IDs that need escaping.
const (
	opRoom    = "Team A/B?#%"
	opRoomEsc = "Team%20A%2FB%3F%23%25"
	opBase    = "/api/v1/Account/MA_TEST/Conference/"
)

// operation is one method of the client, called with fixed arguments.
type operation struct {
	name   string
	method string
	uri    string // the exact request target
	body   string // the exact body; "" for none
	read   bool   // a GET
	ok     answer // the documented success answer
	call   func(context.Context, *kick.Client) (any, error)
}

func operations() []operation {
	member := opBase + opRoomEsc + "/Member/10,a%20b/"
	ids := []string{"10", "a b"}
	accepted := func(msg string) answer {
		return answer{status: 202, body: `{"message":"` + msg + `","member_id":["10","a b"],"api_id":"a1"}`}
	}
	noContent := answer{status: 204}
	return []operation{
		{name: "Kick", method: "POST", uri: member + "Kick/", body: `{}`, ok: accepted("kicked"),
			call: func(ctx context.Context, c *kick.Client) (any, error) { return c.Kick(ctx, opRoom, ids...) }},
		{name: "HangUp", method: "DELETE", uri: member, ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.HangUp(ctx, opRoom, ids...) }},
		{name: "Mute", method: "POST", uri: member + "Mute/", body: `{}`, ok: accepted("muted"),
			call: func(ctx context.Context, c *kick.Client) (any, error) { return c.Mute(ctx, opRoom, ids...) }},
		{name: "Unmute", method: "DELETE", uri: member + "Mute/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.Unmute(ctx, opRoom, ids...) }},
		{name: "Deaf", method: "POST", uri: member + "Deaf/", body: `{}`, ok: accepted("deaf"),
			call: func(ctx context.Context, c *kick.Client) (any, error) { return c.Deaf(ctx, opRoom, ids...) }},
		{name: "Undeaf", method: "DELETE", uri: member + "Deaf/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.Undeaf(ctx, opRoom, ids...) }},
		{name: "Play", method: "POST", uri: member + "Play/", body: `{"url":"https://cdn.example.com/a.mp3?x=1&y=<2>"}`,
			ok: accepted("play queued into conference"),
			call: func(ctx context.Context, c *kick.Client) (any, error) {
				return c.Play(ctx, opRoom, "https://cdn.example.com/a.mp3?x=1&y=<2>", ids...)
			}},
		{name: "StopPlay", method: "DELETE", uri: member + "Play/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.StopPlay(ctx, opRoom, ids...) }},
		{name: "Speak", method: "POST", uri: member + "Speak/", body: `{"text":"Hello \"you\" & <others>","voice":"WOMAN","language":"en-US"}`,
			ok: answer{status: 200, body: `{"message":"speak started","api_id":"a1","member_id":["10","a b"]}`},
			call: func(ctx context.Context, c *kick.Client) (any, error) {
				return c.Speak(ctx, opRoom, kick.Speech{Text: `Hello "you" & <others>`, Voice: "WOMAN", Language: "en-US"}, ids...)
			}},
		{name: "Speak text only", method: "POST", uri: member + "Speak/", body: `{"text":"Hi"}`, ok: answer{status: 202},
			call: func(ctx context.Context, c *kick.Client) (any, error) {
				return c.Speak(ctx, opRoom, kick.Speech{Text: "Hi"}, ids...)
			}},
		{name: "StopSpeak", method: "DELETE", uri: member + "Speak/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.StopSpeak(ctx, opRoom, ids...) }},
		{name: "Conference", method: "GET", uri: opBase + opRoomEsc + "/", read: true,
			ok:   answer{status: 200, body: `{"conference_name":"x","conference_run_time":"1","conference_member_count":"0","members":[]}`},
			call: func(ctx context.Context, c *kick.Client) (any, error) { return c.Conference(ctx, opRoom) }},
		{name: "Conferences", method: "GET", uri: opBase, read: true,
			ok:   answer{status: 200, body: `{"conferences":["x"],"api_id":"a1"}`},
			call: func(ctx context.Context, c *kick.Client) (any, error) { return c.Conferences(ctx) }},
		{name: "HangUpConference", method: "DELETE", uri: opBase + opRoomEsc + "/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.HangUpConference(ctx, opRoom) }},
		{name: "HangUpAllConferences", method: "DELETE", uri: opBase, ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.HangUpAllConferences(ctx) }},
		{name: "StartRecording", method: "POST", uri: opBase + opRoomEsc + "/Record/",
			body: `{"file_format":"wav","callback_url":"https://app.example.com/rec?a=1&b=2"}`,
			ok:   answer{status: 200, body: `{"message":"async api spawned","api_id":"a1"}`},
			call: func(ctx context.Context, c *kick.Client) (any, error) {
				return c.StartRecording(ctx, opRoom, kick.RecordingOptions{FileFormat: "wav", CallbackURL: "https://app.example.com/rec?a=1&b=2"})
			}},
		{name: "StartRecording defaults", method: "POST", uri: opBase + opRoomEsc + "/Record/", body: `{}`,
			ok: answer{status: 200, body: `{"message":"async api spawned"}`},
			call: func(ctx context.Context, c *kick.Client) (any, error) {
				return c.StartRecording(ctx, opRoom, kick.RecordingOptions{})
			}},
		{name: "StopRecording", method: "DELETE", uri: opBase + opRoomEsc + "/Record/", ok: noContent,
			call: func(ctx context.Context, c *kick.Client) (any, error) { return nil, c.StopRecording(ctx, opRoom) }},
	}
}

func TestOperations_request(t *testing.T) {
	t.Parallel()
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			c, api, _ := newFakeAPI(t, op.ok)

			_, err := op.call(t.Context(), c)
			require.NoError(t, err)

			reqs := api.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, op.method, r.method)
			assert.Equal(t, op.uri, r.uri)
			assert.Equal(t, op.body, r.body)
			assert.Equal(t, "MA_TEST", r.header.Get("X-Auth-ID"))
			assert.Equal(t, "tok", r.header.Get("X-Auth-Token"))
			assert.Equal(t, "application/json", r.header.Get("Accept"))
			if op.body == "" {
				assert.Empty(t, r.header.Get("Content-Type"), "no body, no content type")
			} else {
				assert.Equal(t, "application/json", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestOperations_failures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		give       answer
		wantIs     error
		wantNot    []error
		retried    bool // retried by the default policy whatever the method
		retriedGET bool // retried only when the operation is a GET
		wantStatus int
	}{
		{name: "401", give: answer{status: 401, body: `{"error":"authentication failed","api_id":"x"}`},
			wantIs: kick.ErrUnauthorized, wantStatus: 401},
		{name: "404 conference not found", give: answer{status: 404, body: `{"error":"conference not found","api_id":"x"}`},
			wantIs: kick.ErrNotFound, wantNot: []error{kick.ErrRouteNotFound}, wantStatus: 404},
		{name: "404 gateway", give: answer{status: 404, body: `{"message":"Not Found"}`},
			wantIs: kick.ErrRouteNotFound, wantNot: []error{kick.ErrNotFound}, wantStatus: 404},
		{name: "429 Retry-After", give: answer{status: 429, body: `{"error":"slow down"}`, retryAfter: "2"},
			wantIs: kick.ErrRateLimited, retried: true, wantStatus: 429},
		{name: "503 JSON", give: answer{status: 503, body: `{"error":"upstream"}`}, retriedGET: true, wantStatus: 503},
		{name: "500 empty", give: answer{status: 500}, retriedGET: true, wantStatus: 500},
		{name: "502 not JSON", give: answer{status: 502, body: "<html>bad gateway</html>"}, retriedGET: true, wantStatus: 502},
		{name: "400 not JSON", give: answer{status: 400, body: "oops"},
			wantNot: []error{kick.ErrNotFound, kick.ErrOutcomeUnknown, kick.ErrRateLimited}, wantStatus: 400},
		{name: "409 empty", give: answer{status: 409},
			wantNot: []error{kick.ErrOutcomeUnknown, kick.ErrUnavailable}, wantStatus: 409},
	}
	for _, op := range operations() {
		for _, tt := range tests {
			t.Run(op.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				c, api, sl := newFakeAPI(t, tt.give)

				_, err := op.call(t.Context(), c)

				require.Error(t, err)
				var apiErr *kick.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.wantStatus, apiErr.StatusCode)
				assert.Equal(t, tt.give.body, string(apiErr.Body))
				if tt.wantIs != nil {
					assert.ErrorIs(t, err, tt.wantIs)
				}
				for _, not := range tt.wantNot {
					assert.NotErrorIs(t, err, not)
				}
				is5xx := tt.wantStatus >= 500
				assert.Equal(t, is5xx && !op.read, errors.Is(err, kick.ErrOutcomeUnknown),
					"only a 5xx to a state-changing call has an unknown outcome")
				if tt.retried || (tt.retriedGET && op.read) {
					assert.Len(t, api.requests(), kick.DefaultMaxAttempts)
					assert.ErrorIs(t, err, kick.ErrRetriesExhausted)
					if tt.give.retryAfter != "" {
						assert.Equal(t, []time.Duration{2 * time.Second, 2 * time.Second}, sl.all())
					}
				} else {
					assert.Len(t, api.requests(), 1, "not retried")
					assert.Empty(t, sl.all())
				}
			})
		}
	}
}

func TestOperations_resultShapes(t *testing.T) {
	t.Parallel()
	shapes := []struct {
		name string
		give answer
		want kick.Result
	}{
		{name: "live 202 array", give: answer{status: 202, body: `{"message":"muted","member_id":["101"],"api_id":"a1"}`},
			want: kick.Result{StatusCode: 202, Message: "muted", MemberIDs: []string{"101"}, APIID: "a1"}},
		{name: "older 200 string", give: answer{status: 200, body: `{"message":"muted","member_id":"101","api_id":"a1"}`},
			want: kick.Result{StatusCode: 200, Message: "muted", MemberIDs: []string{"101"}, APIID: "a1"}},
		{name: "message only", give: answer{status: 202, body: `{"message":"play queued into conference"}`},
			want: kick.Result{StatusCode: 202, Message: "play queued into conference"}},
		{name: "empty body", give: answer{status: 202}, want: kick.Result{StatusCode: 202}},
		{name: "not JSON", give: answer{status: 200, body: "ok"}, want: kick.Result{StatusCode: 200}},
	}
	for _, op := range operations() {
		if op.method != http.MethodPost {
			continue
		}
		for _, sh := range shapes {
			t.Run(op.name+"/"+sh.name, func(t *testing.T) {
				t.Parallel()
				c, _, _ := newFakeAPI(t, sh.give)

				got, err := op.call(t.Context(), c)
				require.NoError(t, err)

				res, ok := got.(*kick.Result)
				require.True(t, ok, "%T", got)
				want := sh.want
				want.Body = []byte(sh.give.body)
				if sh.give.body == "" {
					want.Body = []byte{}
				}
				assert.Equal(t, &want, res)
			})
		}
	}
}

func TestOperations_noContentShapes(t *testing.T) {
	t.Parallel()
	shapes := []answer{{status: 204}, {status: 200, body: `{}`}, {status: 200, body: "done"}, {status: 202, body: `{"message":"x"}`}}
	for _, op := range operations() {
		if op.method != http.MethodDelete {
			continue
		}
		for _, sh := range shapes {
			t.Run(op.name+"/"+http.StatusText(sh.status)+"/"+sh.body, func(t *testing.T) {
				t.Parallel()
				c, api, _ := newFakeAPI(t, sh)
				_, err := op.call(t.Context(), c)
				require.NoError(t, err)
				assert.Len(t, api.requests(), 1)
			})
		}
	}
}

func TestClient_Conference(t *testing.T) {
	t.Parallel()
	documented := `{
	  "conference_name": "My Conf Room",
	  "conference_run_time": "590",
	  "conference_member_count": "2",
	  "members": [
	    {"muted": false, "member_id": "17", "deaf": false, "from": "+14155550100", "to": "+14155550199",
	     "caller_name": "John", "direction": "inbound", "call_uuid": "uuid-17", "join_time": "590"},
	    {"muted": true, "member_id": "18", "deaf": "true", "from": "+14155550101", "to": "+14155550199",
	     "caller_name": "", "direction": "outbound", "call_uuid": "uuid-18", "join_time": 12.5}
	  ],
	  "api_id": "a1"
	}`
	c, api, _ := newFakeAPI(t, answer{status: 200, body: documented})

	got, err := c.Conference(t.Context(), "My Conf Room")
	require.NoError(t, err)

	assert.Equal(t, &kick.Conference{
		Name:        "My Conf Room",
		RunTime:     590 * time.Second,
		MemberCount: 2,
		APIID:       "a1",
		Members: []kick.ConferenceMember{
			{MemberID: "17", CallUUID: "uuid-17", From: "+14155550100", To: "+14155550199", CallerName: "John",
				Direction: "inbound", JoinedFor: 590 * time.Second},
			{MemberID: "18", CallUUID: "uuid-18", From: "+14155550101", To: "+14155550199",
				Direction: "outbound", Muted: true, Deaf: true, JoinedFor: 12500 * time.Millisecond},
		},
	}, got)
	assert.Equal(t, "/api/v1/Account/MA_TEST/Conference/My%20Conf%20Room/", api.requests()[0].uri)
}

func TestClient_Conference_empty(t *testing.T) {
	t.Parallel()
	c, _, _ := newFakeAPI(t, answer{status: 200, body: `{"conference_name":"R","conference_run_time":"3","conference_member_count":"0"}`})

	got, err := c.Conference(t.Context(), "R")
	require.NoError(t, err)

	assert.Equal(t, &kick.Conference{Name: "R", RunTime: 3 * time.Second, Members: []kick.ConferenceMember{}}, got)
}

func TestClient_reads_unavailable(t *testing.T) {
	t.Parallel()
	bodies := []string{`{"error":"failed","api_id":"a9"}`, ``, `not json`, `{"api_id":"a9"}`, `[]`, `{"conference_name":"R","members":[1]}`}
	reads := map[string]func(context.Context, *kick.Client) error{
		"Conference": func(ctx context.Context, c *kick.Client) error {
			conf, err := c.Conference(ctx, "R")
			if conf != nil {
				return errors.New("a conference came with the error")
			}
			return err
		},
		"Conferences": func(ctx context.Context, c *kick.Client) error {
			names, err := c.Conferences(ctx)
			if names != nil {
				return errors.New("names came with the error")
			}
			return err
		},
	}
	for name, read := range reads {
		for _, body := range bodies {
			if name == "Conferences" && strings.Contains(body, "conference_name") {
				continue
			}
			t.Run(name+"/"+body, func(t *testing.T) {
				t.Parallel()
				c, api, sl := newFakeAPI(t, answer{status: 200, body: body})

				err := read(t.Context(), c)

				require.ErrorIs(t, err, kick.ErrUnavailable)
				assert.NotErrorIs(t, err, kick.ErrNotFound)
				assert.NotErrorIs(t, err, kick.ErrOutcomeUnknown)
				var apiErr *kick.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 200, apiErr.StatusCode)
				assert.Equal(t, body, string(apiErr.Body))
				assert.Len(t, api.requests(), 1, "not retried")
				assert.Empty(t, sl.all())
			})
		}
	}
}

func TestClient_Conference_failedMessage(t *testing.T) {
	t.Parallel()
	c, _, _ := newFakeAPI(t, answer{status: 200, body: `{"error":"failed","api_id":"a9"}`})
	_, err := c.Conference(t.Context(), "R")
	assert.EqualError(t, err, `kick: get conference "R": 200 OK: failed (a success status without the data asked for) (api_id a9)`)
}

func TestClient_Conference_retriedAfter5xx(t *testing.T) {
	t.Parallel()
	c, api, sl := newFakeAPI(t, answer{status: 503}, answer{status: 502, body: "<html/>"},
		answer{status: 200, body: `{"conference_name":"R","conference_run_time":"1","conference_member_count":"0","members":[]}`})

	got, err := c.Conference(t.Context(), "R")
	require.NoError(t, err)

	assert.Equal(t, "R", got.Name)
	assert.Len(t, api.requests(), 3)
	assert.Len(t, sl.all(), 2)
}

func TestClient_Conferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string
		want []string
	}{
		{name: "documented", give: `{"conferences":["Team Meeting","Sales"],"api_id":"a1"}`, want: []string{"Team Meeting", "Sales"}},
		{name: "live empty", give: `{"conferences":[]}`, want: []string{}},
		{name: "null", give: `{"conferences":null}`, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, api, _ := newFakeAPI(t, answer{status: 200, body: tt.give})

			got, err := c.Conferences(t.Context())
			require.NoError(t, err)

			assert.Equal(t, tt.want, got)
			assert.Equal(t, "/api/v1/Account/MA_TEST/Conference/", api.requests()[0].uri)
		})
	}
}

func TestOperations_invalidArguments(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", kick.MaxSpeechText+1)
	tests := []struct {
		name string
		call func(context.Context, *kick.Client) error
	}{
		{"mute no IDs", func(ctx context.Context, c *kick.Client) error { _, err := c.Mute(ctx, "R"); return err }},
		{"mute empty room", func(ctx context.Context, c *kick.Client) error { _, err := c.Mute(ctx, "", "1"); return err }},
		{"unmute dot room", func(ctx context.Context, c *kick.Client) error { return c.Unmute(ctx, ".", "1") }},
		{"deaf dot-dot room", func(ctx context.Context, c *kick.Client) error { _, err := c.Deaf(ctx, "..", "1"); return err }},
		{"undeaf empty ID", func(ctx context.Context, c *kick.Client) error { return c.Undeaf(ctx, "R", "") }},
		{"play empty URL", func(ctx context.Context, c *kick.Client) error { _, err := c.Play(ctx, "R", "", "1"); return err }},
		{"play http URL", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Play(ctx, "R", "http://cdn.example.com/a.mp3", "1")
			return err
		}},
		{"play relative URL", func(ctx context.Context, c *kick.Client) error { _, err := c.Play(ctx, "R", "/a.mp3", "1"); return err }},
		{"play no IDs", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Play(ctx, "R", "https://cdn.example.com/a.mp3")
			return err
		}},
		{"stop play no IDs", func(ctx context.Context, c *kick.Client) error { return c.StopPlay(ctx, "R") }},
		{"speak empty text", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Speak(ctx, "R", kick.Speech{Text: " "}, "1")
			return err
		}},
		{"speak long text", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Speak(ctx, "R", kick.Speech{Text: long}, "1")
			return err
		}},
		{"speak invalid UTF-8", func(ctx context.Context, c *kick.Client) error {
			_, err := c.Speak(ctx, "R", kick.Speech{Text: "a\xff"}, "1")
			return err
		}},
		{"stop speak all mixed", func(ctx context.Context, c *kick.Client) error { return c.StopSpeak(ctx, "R", "1", kick.All) }},
		{"conference empty", func(ctx context.Context, c *kick.Client) error { _, err := c.Conference(ctx, ""); return err }},
		{"conference dot", func(ctx context.Context, c *kick.Client) error { _, err := c.Conference(ctx, "."); return err }},
		{"hang up conference dot-dot", func(ctx context.Context, c *kick.Client) error { return c.HangUpConference(ctx, "..") }},
		{"recording format", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "R", kick.RecordingOptions{FileFormat: "ogg"})
			return err
		}},
		{"recording format case", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "R", kick.RecordingOptions{FileFormat: "MP3"})
			return err
		}},
		{"recording callback", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "R", kick.RecordingOptions{CallbackURL: "ftp://x"})
			return err
		}},
		{"recording empty room", func(ctx context.Context, c *kick.Client) error {
			_, err := c.StartRecording(ctx, "", kick.RecordingOptions{})
			return err
		}},
		{"stop recording empty room", func(ctx context.Context, c *kick.Client) error { return c.StopRecording(ctx, "") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, api, _ := newFakeAPI(t, answer{status: 500})

			err := tt.call(t.Context(), c)

			require.ErrorIs(t, err, kick.ErrInvalidArgument)
			assert.Equal(t, 1, strings.Count(err.Error(), "kick: "), err.Error())
			assert.Empty(t, api.requests())
		})
	}
}

func TestOperations_zeroClient(t *testing.T) {
	t.Parallel()
	var c kick.Client
	_, err := c.Conferences(t.Context())
	assert.ErrorIs(t, err, kick.ErrInvalidArgument)
	assert.ErrorIs(t, c.HangUpAllConferences(t.Context()), kick.ErrInvalidArgument)
	_, err = c.Conference(t.Context(), "R")
	assert.ErrorIs(t, err, kick.ErrInvalidArgument)
}

func TestOperations_unknownOutcomeAcrossRetries(t *testing.T) {
	t.Parallel()
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			c, api, _ := newFakeAPIWith(t, []kick.Option{kick.WithCheckRetry(kick.RetryUnknownOutcome)},
				answer{status: 503}, answer{status: 404, body: `{"error":"conference not found"}`})

			_, err := op.call(t.Context(), c)

			require.ErrorIs(t, err, kick.ErrNotFound)
			assert.Equal(t, !op.read, errors.Is(err, kick.ErrOutcomeUnknown),
				"a state-changing call that got a 503 may have acted; a GET did nothing")
			var retryErr *kick.RetryError
			require.ErrorAs(t, err, &retryErr)
			assert.Len(t, retryErr.Errors, 2)
			assert.Len(t, api.requests(), 2)
		})
	}
}
