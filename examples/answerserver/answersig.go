package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/kickflow/kickflow/internal/signature"
)

// errAnswerSignature matches the reason an answer request was refused
// when answer signatures are checked.
var errAnswerSignature = errors.New("answerserver: bad answer signature")

// checkAnswer returns next guarded by the platform's signature when
// answer signatures are checked (-verify-answer-signatures); otherwise
// next itself. A refused request gets 403 and a warning in the log
// (never its headers). Nonces are not remembered: a replayed answer
// request only gets the join document again, which changes no state.
func (s *server) checkAnswer(next http.Handler) http.Handler {
	if s.answerURL == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := verifyAnswer(r.Header, s.authToken, s.answerURL); err != nil {
			s.log.LogAttrs(r.Context(), slog.LevelWarn, "answerserver: answer request refused",
				slog.String("reason", err.Error()))
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// verifyAnswer checks the V3 and V2 signatures of h for signedURL: at
// least one must be present, and every one present must match.
func verifyAnswer(h http.Header, authToken, signedURL string) error {
	n := 0
	for _, v := range []struct {
		header, nonce string
		v3            bool
	}{{signature.HeaderV3, signature.HeaderV3Nonce, true}, {signature.HeaderV2, signature.HeaderV2Nonce, false}} {
		sig, nonce := h.Get(v.header), h.Get(v.nonce)
		if sig == "" && nonce == "" {
			continue
		}
		if sig == "" || nonce == "" || !signature.Valid(authToken, signedURL, nonce, sig, v.v3) {
			return fmt.Errorf("%w: %s does not match", errAnswerSignature, v.header)
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("%w: none sent", errAnswerSignature)
	}
	return nil
}
