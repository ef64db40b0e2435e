package main

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

// TestAnswerMalformedOptionalField checks that an answer request with
// optional parameters that do not parse still gets the join document,
// not the apology.
func TestAnswerMalformedOptionalField(t *testing.T) {
	t.Parallel()
	a := newApp(t, config{moderatorToken: testToken})
	resp := a.send(http.MethodPost, "/answer?room=Sales", "CallUUID=call-a&From=%2B1415&SpeechConfidenceScore=n%2Fa&Duration=ten",
		"", "application/x-www-form-urlencoded")
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	doc, err := vxml.Parse(body)
	require.NoError(t, err, "%s", body)
	require.Len(t, doc.Elements, 2, "%s", body)
	conf, ok := doc.Elements[0].(*vxml.Conference)
	require.True(t, ok, "first element %T", doc.Elements[0])
	assert.Equal(t, "Sales", conf.Room)
}
