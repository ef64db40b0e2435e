package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/internal/httpstat"
	"github.com/kickflow/kickflow/kick"
	vxml "github.com/kickflow/kickflow/xml"
)

const (
	// defaultRoom is the room of an answer request without ?room=.
	defaultRoom = "lobby"
	// maxRoomLen bounds a room name in bytes.
	maxRoomLen = 128
	// vobizPrefix is where the flow's callback and continuation endpoints
	// live, below the public URL.
	vobizPrefix = "/vobiz"
)

// server is the app: the answer URL, the flow's endpoints, the moderator
// API and page. It is safe for concurrent use.
type server struct {
	flow  *flow.Flow
	ping  func(context.Context) error // checks the store; nil for none
	rooms roomIndex                   // the flow's store, with the room list
	auth  authenticator
	page  page
	log   *slog.Logger
	// answerURL is the signed URL of answer requests when their
	// signatures are checked, else "".
	answerURL string
	authToken string // the key of answer signatures
	// platform reads the platform's member state for the members list.
	platform *kick.Client
	// states is the mute and deaf state the controls set, shown when the
	// platform cannot be read.
	states memberStates
}

// newServer returns the app's handler for cfg. cfg.publicURL must be set.
func newServer(cfg config) (http.Handler, error) {
	if cfg.publicURL == "" {
		return nil, fmt.Errorf("%w: no public URL", errConfig)
	}
	log := cfg.logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	kopts := []kick.Option{kick.WithBaseURL(cfg.apiURL)}
	if cfg.httpClient != nil {
		kopts = append(kopts, kick.WithHTTPClient(cfg.httpClient))
	}
	kc, err := kick.New(cfg.authID, cfg.authToken, kopts...)
	if err != nil {
		return nil, fmt.Errorf("answerserver: %w", err)
	}
	store := cfg.store
	if store == nil {
		store = &flow.MemoryStore{}
	}
	m := newMetrics()
	rooms := roomIndex{Store: store}
	fopts := []flow.Option{flow.WithAuthToken(cfg.authToken), flow.WithLogger(log), flow.WithStore(rooms.flowStore()),
		flow.WithHooks(flow.Hooks{StoreFailed: m.storeFailed})}
	if cfg.nonceTTL > 0 {
		fopts = append(fopts, flow.WithNonceTTL(cfg.nonceTTL))
	}
	if cfg.skipSignatures {
		log.Warn("answerserver: signature verification is off; anyone can post callbacks")
		fopts = append(fopts, flow.WithSignatures(false))
	}
	f, err := flow.New(kc, strings.TrimSuffix(cfg.publicURL, "/")+vobizPrefix, fopts...)
	if err != nil {
		return nil, fmt.Errorf("answerserver: %w", err)
	}
	m.registry.MustRegister(newFlowCollector(f))
	pg, err := loadPage()
	if err != nil {
		return nil, err
	}
	s := &server{
		flow:      f,
		ping:      pinger(cfg.store),
		rooms:     rooms,
		auth:      newAuthenticator(cfg.moderatorToken, log),
		page:      pg,
		log:       log,
		authToken: cfg.authToken,
		platform:  kc,
	}
	if cfg.answerSignatures {
		s.answerURL = strings.TrimSuffix(cfg.publicURL, "/") + "/answer"
	}
	answer, err := vxml.NewHandler(s.answer, vxml.WithLogger(log))
	if err != nil {
		return nil, fmt.Errorf("answerserver: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /answer", s.checkAnswer(answer))
	mux.Handle("GET /answer", s.checkAnswer(answer))
	mux.Handle(vobizPrefix+"/", f)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /{$}", s.servePage)
	mux.Handle("GET /rooms", s.auth.wrap(s.listRooms))
	mux.Handle("GET /rooms/{room}/members", s.auth.wrap(s.members))
	mux.Handle("POST /rooms/{room}/kick", s.auth.wrap(s.kick))
	mux.Handle("POST /rooms/{room}/mute", s.auth.wrap(s.mute))
	mux.Handle("POST /rooms/{room}/deaf", s.auth.wrap(s.deaf))
	mux.Handle("POST /rooms/{room}/play", s.auth.wrap(s.play))
	mux.Handle("POST /rooms/{room}/speak", s.auth.wrap(s.speak))
	mux.Handle("POST /rooms/{room}/sync", s.auth.wrap(s.sync))
	mux.Handle("GET /metrics", s.auth.wrap(m.handler().ServeHTTP))
	return logRequests(log, m, s.jsonMisses(mux)), nil
}

// answer makes the join document for the room named by the query parameter
// room (defaultRoom if absent). Any error makes the handler serve its
// fallback document, which apologises and hangs up, and log why. It
// changes no state: the room list comes from the registry, which only
// signed callbacks fill.
func (s *server) answer(r *http.Request) (*vxml.Response, error) {
	if _, err := vxml.ParseWebhook(r); err != nil {
		return nil, err
	}
	room := r.URL.Query().Get("room")
	if room == "" {
		room = defaultRoom
	}
	if err := checkRoom(room); err != nil {
		return nil, fmt.Errorf("answerserver: %w", err)
	}
	doc, err := s.flow.Join(room)
	if err != nil {
		return nil, fmt.Errorf("answerserver: join room %q: %w", room, err)
	}
	return doc, nil
}

// errRoom matches every rejected room name. It carries no package prefix:
// callers add theirs.
var errRoom = errors.New("invalid room name")

// checkRoom rejects room names the page and the API could not carry, and
// the names the kick API refuses ("." and "..": they cannot be a path
// segment).
func checkRoom(room string) error {
	switch {
	case room == "":
		return fmt.Errorf("%w: empty", errRoom)
	case room == "." || room == "..":
		return fmt.Errorf("%w: %q cannot be a path segment", errRoom, room)
	case len(room) > maxRoomLen:
		return fmt.Errorf("%w: longer than %d bytes", errRoom, maxRoomLen)
	case strings.ContainsAny(room, "/"):
		return fmt.Errorf("%w: %q holds a slash", errRoom, room)
	}
	return nil
}

// healthTimeout bounds the store check of a health request.
const healthTimeout = 2 * time.Second

// pinger returns the store's Ping method, if it has one.
func pinger(store flow.Store) func(context.Context) error {
	if p, ok := store.(interface{ Ping(context.Context) error }); ok {
		return p.Ping
	}
	return nil
}

// healthz answers GET /healthz: 200 "ok" while the server runs and its
// store (if it can tell) answers, else 503.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.ping != nil {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := s.ping(ctx); err != nil {
			s.log.ErrorContext(ctx, "answerserver: store unavailable", "error", err)
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
	}
	if _, err := io.WriteString(w, "ok\n"); err != nil {
		s.log.Debug("answerserver: answer not delivered", "error", err)
	}
}

// logRequests logs every request's method, path, status and duration
// (never the query, headers or bodies, which may carry tokens) and counts
// it in m by route.
func logRequests(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &httpstat.Recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		took := time.Since(start)
		m.observe(routeOf(r), rec.Status(), took)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.Status()),
			slog.Duration("duration", took))
	})
}
