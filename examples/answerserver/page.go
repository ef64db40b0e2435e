package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// pageHTML is the moderator page: one file, inline style and script, no
// external assets.
//
//go:embed page.html
var pageHTML []byte

// page is the moderator page with the Content-Security-Policy that allows
// its own inline style and script (by their hashes) and nothing else.
type page struct {
	body []byte
	csp  string
}

// loadPage hashes the page's inline style and script for its CSP.
func loadPage() (page, error) {
	style, err := inline(pageHTML, "style")
	if err != nil {
		return page{}, err
	}
	script, err := inline(pageHTML, "script")
	if err != nil {
		return page{}, err
	}
	csp := "default-src 'none'; " +
		"style-src '" + hash(style) + "'; script-src '" + hash(script) + "'; " +
		"connect-src 'self'; img-src 'self' data:; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	return page{body: pageHTML, csp: csp}, nil
}

// inline returns the content of the page's only <tag> element.
func inline(html []byte, tag string) ([]byte, error) {
	open, end := []byte("<"+tag+">"), []byte("</"+tag+">")
	if bytes.Count(html, open) != 1 {
		return nil, fmt.Errorf("answerserver: page: want one <%s>", tag)
	}
	_, rest, _ := bytes.Cut(html, open)
	content, _, ok := bytes.Cut(rest, end)
	if !ok {
		return nil, errors.New("answerserver: page: <" + tag + "> is not closed")
	}
	return content, nil
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// servePage answers GET /: the page carries no data; it reads everything
// through the moderator API with the token the moderator types in.
func (s *server) servePage(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(s.page.body)))
	h.Set("Content-Security-Policy", s.page.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	if _, err := w.Write(s.page.body); err != nil {
		s.log.Debug("answerserver: page not delivered", "error", err)
	}
}
