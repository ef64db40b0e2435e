package xml_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	vxml "github.com/kickflow/kickflow/xml"
)

func TestNewHandlerNilOptionPosition(t *testing.T) {
	t.Parallel()
	ok := func(*http.Request) (*vxml.Response, error) { return nil, nil }
	h, err := vxml.NewHandler(ok, vxml.WithFallback(vxml.DefaultFallback()), nil)
	require.EqualError(t, err, "xml: option 2 is nil")
	assert.Nil(t, h)
}

func TestParseNilOption(t *testing.T) {
	t.Parallel()
	doc := []byte(`<Response><Hangup/></Response>`)
	var r *vxml.Response
	var err error
	require.NotPanics(t, func() { r, err = vxml.Parse(doc, vxml.Lenient(), nil) })
	assert.Nil(t, r)
	require.EqualError(t, err, "xml: option 2 is nil")
	assert.ErrorIs(t, err, vxml.ErrInvalid)
	var pe *vxml.ParseError
	assert.True(t, errors.As(err, &pe), "a *ParseError, like every Parse problem")
}
