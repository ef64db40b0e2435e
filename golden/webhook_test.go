package golden_test

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

func TestWebhookForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give golden.Webhook
		want url.Values
	}{
		{
			name: "zero",
			want: url.Values{"Direction": {"inbound"}, "CallStatus": {"in-progress"}},
		},
		{
			name: "answer",
			give: call,
			want: url.Values{
				"CallUUID":   {call.CallUUID},
				"ALegUUID":   {call.CallUUID},
				"From":       {"14155550100"},
				"To":         {"14155550199"},
				"Event":      {"StartApp"},
				"Direction":  {"inbound"},
				"CallStatus": {"in-progress"},
			},
		},
		{
			name: "outbound ringing with extras",
			give: golden.Webhook{
				CallUUID:   "c1",
				Event:      vxml.EventRedirect,
				Direction:  vxml.Outbound,
				CallStatus: vxml.StatusRinging,
				Extra: url.Values{
					"ALegUUID":  {"a1"},
					"Digits":    {"42"},
					"X-VH-Room": {"blue"},
					"CallUUID":  nil,
				},
			},
			want: url.Values{
				"ALegUUID":   {"a1"},
				"Event":      {"Redirect"},
				"Direction":  {"outbound"},
				"CallStatus": {"ringing"},
				"Digits":     {"42"},
				"X-VH-Room":  {"blue"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.give.Form())
		})
	}
}

func TestWebhookFormDoesNotShareExtra(t *testing.T) {
	t.Parallel()
	extra := url.Values{"Digits": {"1"}}
	form := golden.Webhook{Extra: extra}.Form()
	form["Digits"][0] = "2"
	assert.Equal(t, "1", extra.Get("Digits"))
}

func TestWebhookNewRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		give       golden.Webhook
		wantMethod string
		wantURL    string
		wantBody   string
	}{
		{
			name:       "post",
			give:       golden.Webhook{URL: "https://app.example.com/answer?room=blue", CallUUID: "c1", Event: vxml.EventStartApp},
			wantMethod: http.MethodPost,
			wantURL:    "https://app.example.com/answer?room=blue",
			wantBody:   "ALegUUID=c1&CallStatus=in-progress&CallUUID=c1&Direction=inbound&Event=StartApp",
		},
		{
			name:       "get",
			give:       golden.Webhook{URL: "https://app.example.com/answer?room=blue", Method: http.MethodGet, CallUUID: "c1"},
			wantMethod: http.MethodGet,
			wantURL:    "https://app.example.com/answer?room=blue&ALegUUID=c1&CallStatus=in-progress&CallUUID=c1&Direction=inbound",
		},
		{
			name:       "default url",
			give:       golden.Webhook{},
			wantMethod: http.MethodPost,
			wantURL:    golden.DefaultWebhookURL,
			wantBody:   "CallStatus=in-progress&Direction=inbound",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := tt.give.NewRequest(t.Context())
			require.NoError(t, err)

			assert.Equal(t, tt.wantMethod, r.Method)
			assert.Equal(t, tt.wantURL, r.URL.String())
			assert.Equal(t, "Vobiz", r.Header.Get("User-Agent"))
			assert.Equal(t, r.URL.RequestURI(), r.RequestURI)
			if tt.wantMethod == http.MethodPost {
				assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
			}
			body, err := io.ReadAll(r.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.wantBody, string(body))
		})
	}
}

// TestWebhookParses shows that the request reads back as the webhook it
// describes, through the xml package's parser.
func TestWebhookParses(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			give := call
			give.Method = method
			give.Extra = url.Values{"X-VH-Room": {"blue"}}
			r, err := give.NewRequest(t.Context())
			require.NoError(t, err)

			hook, err := vxml.ParseWebhook(r)
			require.NoError(t, err)

			assert.Equal(t, call.CallUUID, hook.CallUUID)
			assert.Equal(t, call.CallUUID, hook.ALegUUID)
			assert.Equal(t, call.From, hook.From)
			assert.Equal(t, call.To, hook.To)
			assert.Equal(t, vxml.EventStartApp, hook.Event)
			assert.Equal(t, vxml.Inbound, hook.Direction)
			assert.Equal(t, vxml.StatusInProgress, hook.CallStatus)
			assert.Equal(t, map[string]string{"Room": "blue"}, hook.SIPHeaders)
		})
	}
}

func TestWebhookNewRequestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give golden.Webhook
		want string
	}{
		{name: "PUT", give: golden.Webhook{Method: http.MethodPut}, want: `golden: webhook method "PUT": want GET or POST`},
		{name: "bad url", give: golden.Webhook{URL: "https://exa mple.com/%zz"}, want: "golden: webhook url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := tt.give.NewRequest(t.Context())
			assert.Nil(t, r)
			assert.ErrorContains(t, err, tt.want) // the message is what is under test
		})
	}
}
