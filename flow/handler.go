package flow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	vxml "github.com/kickflow/kickflow/xml"
)

// ServeHTTP serves the flow's endpoints: a request whose path ends in
// [EventsPath] + "/" + token takes a conference callback, one ending in
// [ContinuePath] + "/" + token gets the call's continuation, anything else
// is 404 (token is the join token of the document that named the URL; see
// [Flow.Join]). So the Flow can be mounted under any prefix
// (mux.Handle("/vobiz/", f)); the URLs put into documents come from the
// public base URL given to [New]. GET and POST are accepted, as the
// platform uses either. The legacy forms, without a token in the path
// (the token in the query of the callback URL, a bare continue URL), are
// served while [WithLegacyURLs] allows.
//
// When verification is on, every request must carry a valid V3 or V2
// signature of its URL (path and token, no query) and pass the replay
// rules described in the package doc; otherwise it is answered 403 and
// changes nothing. A callback missing its call UUID, room or member ID, or
// whose parameters cannot be read, is answered 400; parameters the
// endpoint does not use may be malformed. A continuation request is always
// answered a document: the default when its call UUID is missing or its
// parameters cannot be read. A store failure on a callback is answered 500
// and records nothing, so a retry is taken as new; on a continuation
// request the default document is served instead, since an error would
// drop the call.
func (f *Flow) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ep, ok := f.route(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if ep.legacy && !f.o.now().Before(f.legacyUntil) {
		f.reject(w, r, ep.signedURL, fmt.Errorf("%w: URL without a join token, no longer accepted", ErrSignature))
		return
	}
	var seen *Seen
	if f.o.verifying() {
		nonces, err := f.verify(r.Header, ep.signedURL)
		if err == nil && f.guard == nil {
			err = f.nonces.add(nonces, f.o.now(), f.o.nonceTTL)
		}
		if err != nil {
			f.reject(w, r, ep.signedURL, err)
			return
		}
		if f.guard != nil {
			sum, err := fingerprint(r, ep.signedURL)
			if err != nil {
				f.unreadable(w, r, ep)
				return
			}
			seen = &Seen{Nonces: nonces, Sum: sum, NonceTTL: f.o.nonceTTL, Grace: f.o.grace, JoinTTL: f.o.memberTTL}
			if !ep.legacy {
				seen.Join = ep.join
			}
		}
	}
	// ParseWebhook fails only on an unreadable request; a malformed
	// optional parameter is left zero and does not matter here, since
	// each endpoint reads only string fields.
	wh, err := vxml.ParseWebhook(r)
	if err != nil {
		f.unreadable(w, r, ep)
		return
	}
	if ep.events {
		f.event(w, r, wh, ep.join, seen)
		return
	}
	f.serveContinuation(w, r, wh.CallUUID, seen)
}

// unreadable answers a request whose parameters cannot be read: a
// continuation request with the default document (it always gets one), a
// callback with 400.
func (f *Flow) unreadable(w http.ResponseWriter, r *http.Request, ep endpoint) {
	if !ep.events {
		f.serveContinuation(w, r, "", nil)
		return
	}
	http.Error(w, "bad request", http.StatusBadRequest)
}

// reject answers 403 for err, which matches [ErrSignature].
func (f *Flow) reject(w http.ResponseWriter, r *http.Request, signedURL string, err error) {
	f.stats.sigFailures.Add(1)
	f.o.logger.LogAttrs(r.Context(), slog.LevelWarn, "flow: request rejected",
		slog.String("url", signedURL), slog.String("reason", err.Error()))
	if h := f.o.hooks.SignatureRejected; h != nil {
		h(err)
	}
	http.Error(w, "forbidden", http.StatusForbidden)
}

// event records a conference enter or exit callback.
// With seen (verification on and a [Guard] store), the replay rules are
// applied in the same store step as the change.
func (f *Flow) event(w http.ResponseWriter, r *http.Request, wh *vxml.Webhook, join string, seen *Seen) {
	ctx := r.Context()
	action := wh.Form.Get("ConferenceAction")
	if action != "enter" && action != "exit" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	m := Member{
		CallUUID: wh.CallUUID,
		Room:     wh.Form.Get("ConferenceName"),
		MemberID: wh.Form.Get("ConferenceMemberID"),
		Join:     join,
	}
	if m.CallUUID == "" || m.Room == "" || m.MemberID == "" {
		http.Error(w, "missing CallUUID, ConferenceName or ConferenceMemberID", http.StatusBadRequest)
		return
	}
	log := f.o.logger.With(slog.String("action", action), slog.String("call_uuid", m.CallUUID),
		slog.String("room", m.Room), slog.String("member_id", m.MemberID))
	var err error
	v := Fresh
	if action == "enter" {
		m.From, m.To, m.CallerName = wh.From, wh.To, wh.CallerName
		m.JoinedAt = f.o.now()
	}
	switch {
	case seen != nil:
		v, err = f.guard.EnterOnce(ctx, m, action == "exit", *seen, f.o.memberTTL)
	case action == "enter":
		err = f.o.store.Enter(ctx, m, f.o.memberTTL)
	default:
		err = f.o.store.Exit(ctx, m, f.o.memberTTL)
	}
	if err != nil {
		log.LogAttrs(ctx, slog.LevelError, "flow: callback not recorded", slog.String("error", err.Error()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	switch v {
	case Refused:
		f.reject(w, r, f.eventsURL, errReplay)
		return
	case Repeat:
		log.LogAttrs(ctx, slog.LevelDebug, "flow: repeated callback answered as the first")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if action == "enter" {
		f.stats.enters.Add(1)
	} else {
		f.stats.exits.Add(1)
	}
	log.LogAttrs(ctx, slog.LevelDebug, "flow: callback recorded")
	w.WriteHeader(http.StatusNoContent)
}

// serveContinuation answers a continuation request with the call's stored
// continuation, or with the default. With seen, the replay rules apply:
// under a join token, the token must be bound to the call (an unbound
// token gets the default and changes nothing).
func (f *Flow) serveContinuation(w http.ResponseWriter, r *http.Request, callUUID string, seen *Seen) {
	ctx := r.Context()
	doc, ok := f.defaultDoc, false
	if callUUID != "" {
		stored, found, err := f.take(ctx, callUUID, seen)
		switch {
		case errors.Is(err, ErrSignature):
			f.reject(w, r, f.continueURL, err)
			return
		case err != nil:
			f.o.logger.LogAttrs(ctx, slog.LevelError, "flow: continuation not read; serving the default",
				slog.String("call_uuid", callUUID), slog.String("error", err.Error()))
		case found:
			doc, ok = stored, true
		}
	}
	if ok {
		f.stats.continuations.Add(1)
	} else {
		f.stats.defaults.Add(1)
	}
	f.o.logger.LogAttrs(ctx, slog.LevelInfo, "flow: continuation served",
		slog.String("call_uuid", callUUID), slog.Bool("default", !ok))
	if h := f.o.hooks.Served; h != nil {
		h(callUUID, !ok)
	}
	h := w.Header()
	h.Set("Content-Type", "application/xml; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(doc); err != nil {
		f.o.logger.LogAttrs(ctx, slog.LevelDebug, "flow: continuation not delivered",
			slog.String("call_uuid", callUUID), slog.String("error", err.Error()))
	}
}

// errReplay is the reason of a request refused by the replay rules.
var errReplay = fmt.Errorf("%w: replayed request, or one its join is not bound to", ErrSignature)

// take takes the call's continuation, under the replay rules when seen is
// set. An error matching [ErrSignature] refuses the request.
func (f *Flow) take(ctx context.Context, callUUID string, seen *Seen) ([]byte, bool, error) {
	if seen == nil {
		return f.o.store.TakeContinuation(ctx, callUUID, f.o.grace)
	}
	if seen.Join != "" {
		b, bound, err := f.guard.Bound(ctx, seen.Join)
		switch {
		case err != nil:
			return nil, false, err
		case !bound:
			// A join whose enter callback was lost has no binding until its
			// exit arrives; a record Sync added vouches for the call.
			if m, ok, err := f.o.store.Member(ctx, callUUID); err != nil || !ok || !m.Reconciled {
				f.o.logger.LogAttrs(ctx, slog.LevelWarn, "flow: continuation request of a join without callbacks; serving the default",
					slog.String("call_uuid", callUUID))
				return nil, false, err
			}
		case b.CallUUID != callUUID:
			return nil, false, errReplay
		}
	}
	doc, ok, v, err := f.guard.TakeOnce(ctx, callUUID, *seen)
	if err != nil {
		return nil, false, err
	}
	if v == Refused {
		return nil, false, errReplay
	}
	return doc, ok, nil
}

// fingerprint returns the [Seen.Sum] of r, whose signed URL is signedURL,
// and leaves r's body to be read again. The body is bounded as
// vxml.ParseWebhook bounds it.
func fingerprint(r *http.Request, signedURL string) (string, error) {
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(http.MaxBytesReader(nil, r.Body, vxml.MaxWebhookBytes))
		if err != nil {
			return "", err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	h := sha256.New()
	for _, part := range []string{r.Method, signedURL, r.URL.RawQuery} {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)), nil
}
