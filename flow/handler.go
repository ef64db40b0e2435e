package flow

import (
	"context"
	"log/slog"
	"net/http"
	"path"
	"strconv"

	vxml "github.com/kickflow/kickflow/xml"
)

// ServeHTTP serves the flow's endpoints: a request whose path ends in
// [EventsPath] takes a conference callback, one ending in [ContinuePath]
// gets the call's continuation, anything else is 404. So the Flow can be
// mounted under any prefix (mux.Handle("/vobiz/", f)); the URLs put into
// documents come from the public base URL given to [New]. GET and POST are
// accepted, as the platform uses either.
//
// When verification is on, every request must carry a valid V3 or V2
// signature of its endpoint's public URL with a nonce not seen before;
// otherwise it is answered 403 and changes nothing. A callback missing its
// call UUID, room or member ID, or whose parameters cannot be read, is
// answered 400; parameters the endpoint does not use may be malformed. A
// continuation request is always answered a document: the default when
// its call UUID is missing or its parameters cannot be read. A store failure on a
// callback is answered 500; on a continuation request the default document
// is served instead, since an error would drop the call.
func (f *Flow) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var signedURL string
	switch "/" + path.Base(r.URL.Path) {
	case EventsPath:
		signedURL = f.eventsURL
	case ContinuePath:
		signedURL = f.continueURL
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if f.o.verifying() {
		if err := f.verify(r.Header, signedURL); err != nil {
			f.stats.sigFailures.Add(1)
			f.o.logger.LogAttrs(r.Context(), slog.LevelWarn, "flow: request rejected",
				slog.String("url", signedURL), slog.String("reason", err.Error()))
			if h := f.o.hooks.SignatureRejected; h != nil {
				h(err)
			}
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
	}
	// ParseWebhook fails only on an unreadable request; a malformed
	// optional parameter is left zero and does not matter here, since
	// each endpoint reads only string fields.
	wh, err := vxml.ParseWebhook(r)
	if err != nil {
		if signedURL == f.continueURL {
			// A continuation request always gets a document.
			f.serveContinuation(r.Context(), w, "")
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if signedURL == f.eventsURL {
		f.event(w, r, wh)
		return
	}
	f.serveContinuation(r.Context(), w, wh.CallUUID)
}

// event records a conference enter or exit callback.
func (f *Flow) event(w http.ResponseWriter, r *http.Request, wh *vxml.Webhook) {
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
		Join:     r.URL.Query().Get(JoinParam),
	}
	if m.CallUUID == "" || m.Room == "" || m.MemberID == "" {
		http.Error(w, "missing CallUUID, ConferenceName or ConferenceMemberID", http.StatusBadRequest)
		return
	}
	log := f.o.logger.With(slog.String("action", action), slog.String("call_uuid", m.CallUUID),
		slog.String("room", m.Room), slog.String("member_id", m.MemberID))
	var err error
	if action == "enter" {
		m.From, m.To, m.CallerName = wh.From, wh.To, wh.CallerName
		m.JoinedAt = f.o.now()
		err = f.o.store.Enter(ctx, m, f.o.memberTTL)
	} else {
		err = f.o.store.Exit(ctx, m, f.o.memberTTL)
		if err == nil && m.Join != "" {
			err = f.exitReconciled(ctx, m)
		}
	}
	if err != nil {
		log.LogAttrs(ctx, slog.LevelError, "flow: callback not recorded", slog.String("error", err.Error()))
		http.Error(w, "internal error", http.StatusInternalServerError)
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
// continuation, or with the default.
func (f *Flow) serveContinuation(ctx context.Context, w http.ResponseWriter, callUUID string) {
	doc, ok := f.defaultDoc, false
	if callUUID != "" {
		stored, found, err := f.o.store.TakeContinuation(ctx, callUUID, f.o.grace)
		switch {
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
