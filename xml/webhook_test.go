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

func TestParseWebhookInvalidFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		giveField string
		giveValue string
		want      string
	}{
		{"duration not a number", "Duration", "ten", `xml: webhook parameter Duration "ten" is not a whole number of seconds`},
		{"negative duration", "BillDuration", "-1", `xml: webhook parameter BillDuration "-1" is not a whole number of seconds`},
		{"confidence not a number", "SpeechConfidenceScore", "n/a", `xml: webhook parameter SpeechConfidenceScore "n/a" is not a number`},
		{"confidence NaN", "SpeechConfidenceScore", "NaN", `xml: webhook parameter SpeechConfidenceScore "NaN" is not a number`},
		{"long value quoted short", "Duration", strings.Repeat("9", 100), `xml: webhook parameter Duration "` + strings.Repeat("9", 64) + `…" is not`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			form := answerForm()
			form.Set("Duration", "61")
			form.Set("SpeechConfidenceScore", "0.5")
			form.Set(tt.giveField, tt.giveValue)
			req := httptest.NewRequest(http.MethodPost, "https://app.test/answer", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

			w, err := vxml.ParseWebhook(req)
			require.NoError(t, err, "one bad optional field does not fail the request")
			assert.Equal(t, "c0ffee-1", w.CallUUID)
			assert.Equal(t, "14155550100", w.From)
			assert.Equal(t, tt.giveValue, w.Form.Get(tt.giveField), "the raw value stays in Form")
			require.Len(t, w.Invalid, 1)
			assert.Equal(t, tt.giveField, w.Invalid[0].Name)
			assert.Equal(t, tt.giveValue, w.Invalid[0].Value)
			assert.Contains(t, w.Invalid[0].Error(), tt.want)
			assert.ErrorIs(t, w.Invalid[0], vxml.ErrWebhook)
			assert.ErrorIs(t, w.Err(), vxml.ErrWebhook)
			switch tt.giveField {
			case "Duration":
				assert.Zero(t, w.Duration)
			case "BillDuration":
				assert.Zero(t, w.BillDuration)
			case "SpeechConfidenceScore":
				assert.Zero(t, w.SpeechConfidenceScore)
				assert.Equal(t, 61*time.Second, w.Duration, "the other numbers still parse")
			}
		})
	}
}

func TestParseWebhookValidHasNoErr(t *testing.T) {
	t.Parallel()
	w := vxml.WebhookFromForm(answerForm())
	assert.Nil(t, w.Invalid)
	assert.NoError(t, w.Err())
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
