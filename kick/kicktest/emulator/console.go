package emulator

import (
	"embed"
	"net/http"
	"path"
)

//go:embed static
var static embed.FS

// consoleCSP allows the console's own script, style and event stream and
// nothing else.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
	"img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers of every console response.
func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", consoleCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}

func (e *Emulator) console(w http.ResponseWriter, _ *http.Request) {
	serveStatic(w, "console.html", "text/html; charset=utf-8")
}

func (e *Emulator) asset(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.URL.Path)
	ctype := "text/css; charset=utf-8"
	if path.Ext(name) == ".js" {
		ctype = "text/javascript; charset=utf-8"
	}
	serveStatic(w, name, ctype)
}

func serveStatic(w http.ResponseWriter, name, ctype string) {
	data, err := static.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	securityHeaders(w)
	w.Header().Set("Content-Type", ctype)
	_, _ = w.Write(data)
}
