package xml

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
)

// MediaType is the Content-Type Write sets. Vobiz accepts application/xml
// and text/xml; with text/html or text/plain it drops the call.
const MediaType = "application/xml; charset=utf-8"

// Write renders r and sends it as the body of w with status 200, setting
// Content-Type to MediaType and Content-Length first. When r does not
// render, Write writes nothing, not even headers, and returns the error
// (matching ErrInvalid), so the caller can still send something else. An
// error writing the body is returned wrapped.
func Write(w http.ResponseWriter, r *Response) error {
	body, err := r.Render()
	if err != nil {
		return err
	}
	return writeBody(w, body)
}

func writeBody(w http.ResponseWriter, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", MediaType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("xml: write response: %w", err)
	}
	return nil
}

// DefaultFallback returns the document Handler serves when no other
// fallback is configured: a short apology, then Hangup, so the caller
// never hears dead air.
func DefaultFallback() *Response {
	return NewResponse().
		Speak("Sorry, something went wrong on our side. Please call again later.").
		Hangup()
}

// HandlerFunc makes the Vobiz document for one request: an answer, action,
// redirect or continuation URL. A handler that needs the typed Vobiz
// parameters calls ParseWebhook(req) and returns its error. Returning a nil
// *Response with a nil error serves an empty <Response/>, which ends the
// call.
type HandlerFunc func(req *http.Request) (*Response, error)

// ServeHTTP serves f with the default Handler settings: DefaultFallback and
// slog.Default(). Use NewHandler to change them.
func (f HandlerFunc) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	h := Handler{fn: f, log: slog.Default()}
	h.ServeHTTP(w, req)
}

// defaultFallback is DefaultFallback rendered; a test keeps the two in step.
const defaultFallback = `<?xml version="1.0" encoding="UTF-8"?><Response>` +
	`<Speak>Sorry, something went wrong on our side. Please call again later.</Speak><Hangup/></Response>`

// Handler is an http.Handler serving the documents of a HandlerFunc, made
// with NewHandler. Vobiz treats any reply that is not a valid document as a
// fatal error for the call, so Handler always answers 200 with a document:
// when the HandlerFunc returns an error, returns a document that does not
// render, or panics, Handler logs the problem and serves the fallback
// instead. It logs the method, the URL path (never the query, which may
// carry tokens), the CallUUID when the request's form has been parsed, and
// the error; never headers or bodies.
//
// A Handler is safe for concurrent use by multiple goroutines.
type Handler struct {
	fn       HandlerFunc
	fallback []byte // nil for defaultFallback
	log      *slog.Logger
}

var _ http.Handler = (*Handler)(nil)
var _ http.Handler = HandlerFunc(nil)

// HandlerOption configures NewHandler.
type HandlerOption func(*handlerConfig) error

type handlerConfig struct {
	fallback *Response
	log      *slog.Logger
}

// WithFallback sets the document served when the HandlerFunc fails. It is
// rendered once by NewHandler, which returns the render error for an
// invalid document. Without it, Handler serves DefaultFallback.
func WithFallback(r *Response) HandlerOption {
	return func(c *handlerConfig) error {
		if r == nil {
			return errors.New("xml: fallback document is nil")
		}
		c.fallback = r
		return nil
	}
}

// WithLogger sets the logger for the problems Handler recovers from.
// Without it, Handler logs to slog.Default().
func WithLogger(l *slog.Logger) HandlerOption {
	return func(c *handlerConfig) error {
		if l == nil {
			return errors.New("xml: logger is nil")
		}
		c.log = l
		return nil
	}
}

// NewHandler returns a Handler serving fn. It returns an error for a nil
// fn, a nil option (naming its position among opts, counting from 1), a nil
// option value or a fallback document that does not render.
func NewHandler(fn HandlerFunc, opts ...HandlerOption) (*Handler, error) {
	if fn == nil {
		return nil, errors.New("xml: handler function is nil")
	}
	var c handlerConfig
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("xml: option %d is nil", i+1)
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	h := &Handler{fn: fn, log: c.log}
	if c.fallback != nil {
		b, err := c.fallback.Render()
		if err != nil {
			return nil, fmt.Errorf("xml: fallback document: %w", err)
		}
		h.fallback = b
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	return h, nil
}

// ServeHTTP calls the HandlerFunc and writes its document, or the fallback.
func (h *Handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := h.render(req)
	if err != nil {
		h.log.LogAttrs(req.Context(), slog.LevelError, "xml: serving the fallback document",
			h.requestAttrs(req, slog.Any("error", err))...)
		body = h.fallback
		if body == nil {
			body = []byte(defaultFallback)
		}
	}
	if err := writeBody(w, body); err != nil {
		h.log.LogAttrs(req.Context(), slog.LevelWarn, "xml: writing the document failed",
			h.requestAttrs(req, slog.Any("error", err))...)
	}
}

// render runs the HandlerFunc and renders its document, turning a panic
// into an error. http.ErrAbortHandler is passed on, as net/http expects.
func (h *Handler) render(req *http.Request) (body []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			body, err = nil, fmt.Errorf("xml: handler panicked: %v", v)
		}
	}()
	doc, err := h.fn(req)
	if err != nil {
		return nil, err
	}
	return doc.Render()
}

// requestAttrs are the log attributes that identify req without exposing
// secrets.
func (h *Handler) requestAttrs(req *http.Request, more ...slog.Attr) []slog.Attr {
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
	}
	if req.Form != nil {
		if id := req.Form.Get("CallUUID"); id != "" {
			attrs = append(attrs, slog.String("call_uuid", id))
		}
	}
	return append(attrs, more...)
}
