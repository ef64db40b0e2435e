package main_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/internal/signature"
)

// findingLine matches one line of kickflow lint's default output.
var findingLine = regexp.MustCompile(`^(\S+?)(?::(\d+):(\d+))?: (error|warning|info): ([a-z-]+): (.+?)(?: \((\S+)\))?$`)

// goldenDirs returns every testdata/golden directory of the repository.
func goldenDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.IsDir() && d.Name() == "golden" && filepath.Base(filepath.Dir(path)) == "testdata" {
			dirs = append(dirs, path)
			return filepath.SkipDir
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, dirs, "no testdata/golden directory found")
	return dirs
}

// goldenFiles returns every *.xml file under the testdata/golden
// directories.
func goldenFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range goldenDirs(t) {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".xml") {
				files = append(files, path)
			}
			return err
		})
		require.NoError(t, err)
	}
	require.NotEmpty(t, files)
	return files
}

func TestLintGolden(t *testing.T) {
	t.Parallel()
	got := kickflow(t, "", nil, append([]string{"lint"}, goldenDirs(t)...)...)
	assert.Equal(t, 0, got.code, "stdout:\n%s\nstderr:\n%s", got.stdout, got.stderr)
	assert.Empty(t, got.stderr)
	for _, line := range strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n") {
		if line == "" {
			continue
		}
		m := findingLine.FindStringSubmatch(line)
		require.NotNil(t, m, "line %q is not a finding", line)
		assert.NotEqual(t, "error", m[4], "golden file has an error: %s", line)
	}
}

func TestLintBroken(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "broken")
	// want is the single finding kickflow lint reports for each file.
	tests := []struct {
		file     string
		wantPos  string
		wantRule string
		wantPath string
	}{
		{file: "dial-send-digits.xml", wantPos: "5:5", wantRule: "invalid", wantPath: "Response/Dial[1]/Number[2]@sendDigits"},
		{file: "gather-range.xml", wantPos: "3:3", wantRule: "invalid", wantPath: "Response/Gather[1]@numDigits"},
		{file: "mismatched-tag.xml", wantPos: "3:15", wantRule: "syntax", wantPath: "Response/Speak[1]"},
		{file: "preanswer-child.xml", wantPos: "5:5", wantRule: "invalid", wantPath: "Response/PreAnswer[1]/Gather[1]"},
		{file: "relative-redirect.xml", wantPos: "4:5", wantRule: "invalid", wantPath: "Response/Redirect[1]"},
		{file: "ssml-attribute.xml", wantPos: "3:76", wantRule: "invalid", wantPath: "Response/Speak[1]/break[1]@foo"},
		{file: "unknown-element.xml", wantPos: "4:3", wantRule: "invalid", wantPath: "Response/GetDigits[1]"},
		{file: "wrong-root.xml", wantPos: "2:1", wantRule: "syntax"},
	}
	t.Run("each", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.file, func(t *testing.T) {
				t.Parallel()
				path := filepath.Join(dir, tt.file)
				got := kickflow(t, "", nil, "lint", path)
				assert.Equal(t, 1, got.code, "stderr: %s", got.stderr)
				lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
				require.Len(t, lines, 1, "output:\n%s", got.stdout)
				m := findingLine.FindStringSubmatch(lines[0])
				require.NotNil(t, m, "line %q is not a finding", lines[0])
				assert.Equal(t, path, m[1], "file")
				assert.Equal(t, tt.wantPos, m[2]+":"+m[3], "line:column")
				assert.Equal(t, "error", m[4], "severity")
				assert.Equal(t, tt.wantRule, m[5], "rule")
				assert.Equal(t, tt.wantPath, m[7], "element path")
			})
		}
	})
	t.Run("directory", func(t *testing.T) {
		t.Parallel()
		got := kickflow(t, "", nil, "lint", dir)
		assert.Equal(t, 1, got.code)
		lines := strings.Split(strings.TrimSuffix(got.stdout, "\n"), "\n")
		require.Len(t, lines, len(tests), "one finding per broken file:\n%s", got.stdout)
		for i, tt := range tests {
			assert.True(t, strings.HasPrefix(lines[i], filepath.Join(dir, tt.file)+":"+tt.wantPos+": error: "+tt.wantRule+": "),
				"line %d = %q", i, lines[i])
		}
	})
}

// lintReport is kickflow lint --json's output.
type lintReport struct {
	Findings []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Rule     string `json:"rule"`
		Message  string `json:"message"`
		Path     string `json:"path"`
		Attr     string `json:"attr"`
	} `json:"findings"`
	URLs []struct {
		URL         string `json:"url"`
		Status      int    `json:"status"`
		ContentType string `json:"contentType"`
		Bytes       int    `json:"bytes"`
		ElapsedMS   int64  `json:"elapsedMs"`
	} `json:"urls"`
}

func TestLintJSON(t *testing.T) {
	t.Parallel()
	path := filepath.Join("testdata", "broken", "gather-range.xml")
	got := kickflow(t, "<Response><Conference>Room</Conference><Hangup/></Response>", nil, "lint", "-json", path, "-")
	assert.Equal(t, 1, got.code)
	var report lintReport
	require.NoError(t, json.Unmarshal([]byte(got.stdout), &report), "output: %s", got.stdout)
	require.Len(t, report.Findings, 2)
	f := report.Findings[0]
	assert.Equal(t, path, f.File)
	assert.Equal(t, []int{3, 3}, []int{f.Line, f.Column})
	assert.Equal(t, "error", f.Severity)
	assert.Equal(t, "invalid", f.Rule)
	assert.Equal(t, "Response/Gather[1]", f.Path)
	assert.Equal(t, "numDigits", f.Attr)
	assert.NotEmpty(t, f.Message)
	w := report.Findings[1]
	assert.Equal(t, "<stdin>", w.File)
	assert.Equal(t, "warning", w.Severity)
	assert.Equal(t, "stay-alone", w.Rule)
	assert.Empty(t, report.URLs)

	clean := kickflow(t, "<Response><Hangup/></Response>", nil, "lint", "--json", "-")
	assert.Equal(t, 0, clean.code)
	assert.JSONEq(t, `{"findings": [], "urls": []}`, clean.stdout)
}

func TestLintStdinAndFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		giveStdin  string
		giveArgs   []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "warning only", giveStdin: "<Response>\n<Conference>Room</Conference>\n<Hangup/></Response>", giveArgs: []string{"-"},
			wantCode: 0, wantStdout: "<stdin>:2:1: warning: stay-alone: "},
		{name: "clean", giveStdin: "<Response><Hangup/></Response>", giveArgs: []string{"-"}},
		{name: "invalid", giveStdin: "<Response><Wait length=\"-1\"/></Response>", giveArgs: []string{"-"},
			wantCode: 1, wantStdout: "<stdin>:1:11: error: "},
		{name: "not XML", giveStdin: "hello", giveArgs: []string{"-"}, wantCode: 1, wantStdout: "<stdin>:1:1: error: syntax: "},
		{name: "missing file", giveArgs: []string{"testdata/nosuch.xml"}, wantCode: 2, wantStderr: "nosuch.xml"},
		{name: "missing file beside an invalid one", giveArgs: []string{"testdata/broken/wrong-root.xml", "testdata/nosuch.xml"},
			wantCode: 2, wantStdout: "wrong-root.xml:2:1: error: syntax", wantStderr: "nosuch.xml"},
		{name: "directory without xml", giveArgs: []string{t.TempDir()}, wantCode: 2, wantStderr: "no *.xml files"},
		{name: "stdin twice", giveStdin: "<Response/>", giveArgs: []string{"-", "-"}, wantCode: 2, wantStderr: "standard input given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, tt.giveStdin, nil, append([]string{"lint"}, tt.giveArgs...)...)
			assert.Equal(t, tt.wantCode, got.code, "stdout: %s\nstderr: %s", got.stdout, got.stderr)
			if tt.wantStdout == "" {
				assert.Empty(t, got.stdout)
			} else {
				assert.Contains(t, got.stdout, tt.wantStdout)
			}
			if tt.wantStderr == "" {
				assert.Empty(t, got.stderr)
			} else {
				assert.Contains(t, got.stderr, tt.wantStderr)
			}
		})
	}
}

func TestLintURL(t *testing.T) {
	t.Parallel()
	const token = "test-auth-token"
	const doc = `<?xml version="1.0" encoding="UTF-8"?><Response><Conference stayAlone="true">Room</Conference><Hangup/></Response>`
	release := make(chan struct{})
	mux := http.NewServeMux()
	xmlAnswer := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			_, _ = w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/good", xmlAnswer(doc))
	mux.HandleFunc("/signed", func(w http.ResponseWriter, r *http.Request) {
		if !signature.Valid(token, "http://"+r.Host+"/signed", r.Header.Get(signature.HeaderV3Nonce), r.Header.Get(signature.HeaderV3), true) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		if err := r.ParseForm(); err != nil || r.PostForm.Get("From") != "+15550001" || r.PostForm.Get("CallUUID") != "call-7" {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		xmlAnswer(doc)(w, r)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(doc))
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
		xmlAnswer(doc)(w, r)
	})
	mux.HandleFunc("/invalid", xmlAnswer(`<Response><Speak>Hi</Response>`))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	tests := []struct {
		name       string
		giveArgs   []string
		giveEnv    []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "good", giveArgs: []string{srv.URL + "/good"}},
		{name: "signed", giveArgs: []string{"-from", "+15550001", "--call-uuid", "call-7", srv.URL + "/signed"},
			giveEnv: []string{"VOBIZ_AUTH_TOKEN=" + token}},
		{name: "unsigned where a signature is required", giveArgs: []string{srv.URL + "/signed"},
			giveEnv: []string{"VOBIZ_AUTH_TOKEN="}, wantCode: 1, wantStdout: "error: http-status: status 403"},
		{name: "wrong Content-Type", giveArgs: []string{srv.URL + "/html"}, wantCode: 1, wantStdout: "error: content-type: "},
		{name: "server error", giveArgs: []string{srv.URL + "/error"}, wantCode: 1, wantStdout: "error: http-status: status 500"},
		{name: "slow", giveArgs: []string{"-max-latency", "1ms", srv.URL + "/slow"}, wantCode: 1, wantStdout: "error: latency: answered in"},
		{name: "no answer in time", giveArgs: []string{"-timeout", "50ms", srv.URL + "/slow"}, wantCode: 1, wantStdout: "error: latency: no complete answer"},
		{name: "invalid XML", giveArgs: []string{srv.URL + "/invalid"}, wantCode: 1, wantStdout: srv.URL + "/invalid:1:20: error: syntax: "},
		{name: "unreachable", giveArgs: []string{closed.URL + "/answer"}, wantCode: 2, wantStderr: "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, "", tt.giveEnv, append([]string{"lint"}, tt.giveArgs...)...)
			assert.Equal(t, tt.wantCode, got.code, "stdout: %s\nstderr: %s", got.stdout, got.stderr)
			if tt.wantStdout == "" {
				assert.Empty(t, got.stdout)
			} else {
				assert.Contains(t, got.stdout, tt.wantStdout)
			}
			if tt.wantStderr == "" {
				assert.Empty(t, got.stderr)
			} else {
				assert.Contains(t, got.stderr, tt.wantStderr)
			}
		})
	}

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		got := kickflow(t, "", nil, "lint", "-json", srv.URL+"/html")
		assert.Equal(t, 1, got.code)
		var report lintReport
		require.NoError(t, json.Unmarshal([]byte(got.stdout), &report), "output: %s", got.stdout)
		require.Len(t, report.URLs, 1)
		assert.Equal(t, srv.URL+"/html", report.URLs[0].URL)
		assert.Equal(t, 200, report.URLs[0].Status)
		assert.Equal(t, "text/html; charset=utf-8", report.URLs[0].ContentType)
		assert.Equal(t, len(doc), report.URLs[0].Bytes)
		require.Len(t, report.Findings, 1)
		assert.Equal(t, "content-type", report.Findings[0].Rule)
		assert.Zero(t, report.Findings[0].Line)
	})
}
