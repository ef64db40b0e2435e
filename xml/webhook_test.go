package xml_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func answerForm() url.Values {
	return url.Values{
		"CallUUID":     {"c0ffee-1"},
		"From":         {"14155550100"},
		"To":           {"+14155550199"},
		"Direction":    {"inbound"},
		"CallStatus":   {"ringing"},
		"Event":        {"StartApp"},
		"ALegUUID":     {"c0ffee-1"},
		"RequestUUID":  {"req-9"},
		"ParentAuthID": {"MA123"},
		"X-VH-Reason":  {"billing"},
		"x-vh-Ticket":  {"T-42"},
		"SessionStart": {"2026-11-25 10:00:00"},
	}
}

func TestParseWebhookPOST(t *testing.T) {
	t.Parallel()
	form := answerForm()
	req := httptest.NewRequest(http.MethodPost, "https://app.test/answer?room=lobby", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	w, err := vxml.ParseWebhook(req)
	require.NoError(t, err)
	assert.Equal(t, "c0ffee-1", w.CallUUID)
	assert.Equal(t, "14155550100", w.From)
	assert.Equal(t, "+14155550199", w.To)
	assert.Equal(t, vxml.Inbound, w.Direction)
	assert.Equal(t, vxml.StatusRinging, w.CallStatus)
	assert.Equal(t, vxml.EventStartApp, w.Event)
	assert.Equal(t, "c0ffee-1", w.ALegUUID)
	assert.Equal(t, "req-9", w.RequestUUID)
	assert.Equal(t, "MA123", w.ParentAuthID)
	assert.Equal(t, map[string]string{"Reason": "billing", "Ticket": "T-42"}, w.SIPHeaders)
	assert.Equal(t, "lobby", w.Form.Get("room"), "query parameters stay available")
	assert.Equal(t, "2026-11-25 10:00:00", w.Form.Get("SessionStart"), "unknown fields stay available")
	assert.Zero(t, w.Duration)
}

func TestParseWebhookGET(t *testing.T) {
	t.Parallel()
	q := url.Values{
		"CallUUID": {"c1"}, "Event": {"Redirect"}, "Digits": {"123"}, "InputType": {"dtmf"},
		"Speech": {""}, "SpeechConfidenceScore": {"0.87"},
		"HangupCause": {"NORMAL_CLEARING"}, "Duration": {"61"}, "BillDuration": {"120"},
	}
	req := httptest.NewRequest(http.MethodGet, "https://app.test/next?"+q.Encode(), nil)

	w, err := vxml.ParseWebhook(req)
	require.NoError(t, err)
	assert.Equal(t, vxml.EventRedirect, w.Event)
	assert.Equal(t, "123", w.Digits)
	assert.Equal(t, "dtmf", w.InputType)
	assert.InDelta(t, 0.87, w.SpeechConfidenceScore, 1e-9)
	assert.Equal(t, "NORMAL_CLEARING", w.HangupCause)
	assert.Equal(t, 61*time.Second, w.Duration)
	assert.Equal(t, 2*time.Minute, w.BillDuration)
	assert.Nil(t, w.SIPHeaders)
}

func TestParseWebhookErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give url.Values
	}{
		{"duration not a number", url.Values{"Duration": {"ten"}}},
		{"negative duration", url.Values{"BillDuration": {"-1"}}},
		{"confidence not a number", url.Values{"SpeechConfidenceScore": {"high"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := vxml.WebhookFromForm(tt.give)
			assert.ErrorIs(t, err, vxml.ErrWebhook)
		})
	}
}

func TestParseWebhookBodyLimit(t *testing.T) {
	t.Parallel()
	body := "CallUUID=c1&Pad=" + strings.Repeat("a", vxml.MaxWebhookBytes)
	req := httptest.NewRequest(http.MethodPost, "https://app.test/answer", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	_, err := vxml.ParseWebhook(req)
	require.ErrorIs(t, err, vxml.ErrWebhook)
	var tooLarge *http.MaxBytesError
	assert.ErrorAs(t, err, &tooLarge)
}

func TestParseWebhookMalformedBody(t *testing.T) {
	t.Parallel()
	req := httptest.NewRequest(http.MethodPost, "https://app.test/answer", strings.NewReader("CallUUID=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	_, err := vxml.ParseWebhook(req)
	assert.ErrorIs(t, err, vxml.ErrWebhook)
}
