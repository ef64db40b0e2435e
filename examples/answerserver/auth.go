package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net"
	"net/http"
	"strings"
)

// authenticator guards the moderator API with a bearer token.
type authenticator struct {
	sum [sha256.Size]byte // of the token; zero when there is none
	on  bool
	log *slog.Logger
}

func newAuthenticator(token string, log *slog.Logger) authenticator {
	if token == "" {
		return authenticator{log: log}
	}
	return authenticator{sum: sha256.Sum256([]byte(token)), on: true, log: log}
}

// wrap returns next guarded by the token: a request without the right
// "Authorization: Bearer <token>" gets 401. The token is compared in
// constant time (as digests, so its length does not show either) and never
// logged. Without a token (allowed only when the server is reachable on
// loopback alone) a request must name a loopback host, so a web page that
// rebinds its own name to 127.0.0.1 cannot use the API.
func (a authenticator) wrap(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.on {
			if !loopbackHost(r.Host) {
				writeJSON(a.log, w, http.StatusForbidden, errorJSON{Error: apiMessage(kindForbidden, "the moderator API without a token answers loopback hosts only")})
				return
			}
			next(w, r)
			return
		}
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		got := sha256.Sum256([]byte(token))
		if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(got[:], a.sum[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="answerserver"`)
			writeJSON(a.log, w, http.StatusUnauthorized, errorJSON{Error: apiMessage(kindUnauthorized, "send Authorization: Bearer <MODERATOR_TOKEN>")})
			return
		}
		next(w, r)
	})
}

// loopbackHost reports whether a Host header names the loopback interface.
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	return loopback(host)
}
