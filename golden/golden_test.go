package golden_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kickflow/kickflow/golden"
	vxml "github.com/kickflow/kickflow/xml"
)

// joinDoc is the document a caller gets on joining a room.
func joinDoc(enterSound string) *vxml.Response {
	return vxml.NewResponse().
		Conference("Room 1", vxml.ConferenceAttrs{
			StayAlone:   vxml.True,
			EnterSound:  enterSound,
			CallbackURL: "https://app.example.com/events",
		}).
		Redirect("https://app.example.com/continue")
}

// kickedDoc is the continuation a kicked caller hears.
func kickedDoc() *vxml.Response {
	return vxml.NewResponse().
		Speak("You have been removed from the meeting", vxml.SpeakAttrs{Voice: vxml.VoiceWoman}).
		Wait(vxml.WaitAttrs{Length: 1e9}).
		Hangup()
}

// goldenFile is where a test's golden file named name lives under dir.
func goldenFile(t *testing.T, dir, name string) string {
	t.Helper()
	return filepath.Join(append(append([]string{dir}, strings.Split(t.Name(), "/")...), name+".xml")...)
}

// writeGolden stores want as the test's golden file named name under dir.
func writeGolden(t *testing.T, dir, name string, want []byte) {
	t.Helper()
	file := goldenFile(t, dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, want, 0o644))
}

func render(t *testing.T, r *vxml.Response) []byte {
	t.Helper()
	out, err := r.Render()
	require.NoError(t, err)
	return out
}

func TestAssertResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give *vxml.Response
		name string
	}{
		{name: "join", give: joinDoc("beep:1")},
		{name: "kicked", give: kickedDoc()},
		{name: "empty", give: vxml.NewResponse()},
		{name: "ssml", give: vxml.NewResponse().SpeakSSML(vxml.SpeakAttrs{}, func(s *vxml.SSMLBuilder) {
			s.Text("Your code is ").SayAs("digits", "42").Break(vxml.Attr{Name: "time", Value: "1s"}).Text("Goodbye & thanks")
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.True(t, golden.AssertResponse(t, tt.name, tt.give))
			// The golden file holds the exact wire bytes.
			data, err := os.ReadFile(goldenFile(t, golden.DefaultFixtureDir, tt.name))
			require.NoError(t, err)
			assert.Equal(t, string(render(t, tt.give)), string(data))
		})
	}
}

func TestAssertResponseMismatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeGolden(t, dir, "join", render(t, joinDoc("beep:1")))

	rec, ok := record(t, func(tb testing.TB) bool {
		return golden.AssertResponse(tb, "join", joinDoc("beep:2"), golden.WithFixtureDir(dir), golden.WithUpdate(false))
	})

	assert.False(t, ok)
	assert.True(t, rec.Failed())
	out := rec.output()
	assert.Contains(t, out, goldenFile(t, dir, "join")+" does not match")
	assert.Contains(t, out, `first difference at Response/Conference[1]@enterSound: got "beep:2", want "beep:1"`)
	assert.Contains(t, out, "--- Expected\n+++ Actual\n"+
		"@@ -2,3 +2,3 @@\n"+
		" <Response>\n"+
		`-  <Conference stayAlone="true" enterSound="beep:1" callbackUrl="https://app.example.com/events">Room 1</Conference>`+"\n"+
		`+  <Conference stayAlone="true" enterSound="beep:2" callbackUrl="https://app.example.com/events">Room 1</Conference>`+"\n"+
		"   <Redirect>https://app.example.com/continue</Redirect>\n")
	assert.Equal(t, 1, strings.Count(out, "\n@@ "), "one hunk")
	// The golden file is left alone.
	data, err := os.ReadFile(goldenFile(t, dir, "join"))
	require.NoError(t, err)
	assert.Equal(t, render(t, joinDoc("beep:1")), data)
}

func TestAssertResponseInvalid(t *testing.T) {
	t.Parallel()
	for _, update := range []bool{false, true} {
		t.Run(map[bool]string{false: "compare", true: "update"}[update], func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			invalid := vxml.NewResponse().Speak("Joining").Conference("")

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertResponse(tb, "invalid", invalid, golden.WithFixtureDir(dir), golden.WithUpdate(update))
			})

			assert.False(t, ok)
			assert.Contains(t, rec.output(), "invalid document, not compared or written")
			assert.Contains(t, rec.output(), "Response/Conference[1]")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing may be written for an invalid document")
		})
	}
}

func TestAssertXMLUpdate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	want := render(t, kickedDoc())
	writeGolden(t, dir, "kicked", []byte("<Response><Hangup/></Response>\n"))

	rec, ok := record(t, func(tb testing.TB) bool {
		return golden.AssertResponse(tb, "kicked", kickedDoc(), golden.WithFixtureDir(dir), golden.WithUpdate(true))
	})

	assert.True(t, ok, rec.output())
	data, err := os.ReadFile(goldenFile(t, dir, "kicked"))
	require.NoError(t, err)
	assert.Equal(t, want, data, "the golden file holds the compact wire bytes, no trailing newline")
}

func TestAssertXMLMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	rec, ok := record(t, func(tb testing.TB) bool {
		return golden.AssertXML(tb, "absent", render(t, kickedDoc()), golden.WithFixtureDir(dir), golden.WithUpdate(false))
	})

	assert.False(t, ok)
	assert.Contains(t, rec.output(), goldenFile(t, dir, "absent")+" does not exist")
	_, err := os.Stat(goldenFile(t, dir, "absent"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestAssertXMLRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveName string
		giveData string
		giveOpt  golden.Option
		want     string
	}{
		{name: "not XML", giveName: "doc", giveData: "hello", want: "not a well-formed XML document"},
		{name: "two roots", giveName: "doc", giveData: "<Response/><Response/>", want: "more than one root"},
		{name: "unclosed", giveName: "doc", giveData: "<Response><Speak>hi</Response>", want: "not a well-formed"},
		{name: "empty", giveName: "doc", giveData: "", want: "no root element"},
		{name: "name with slash", giveName: "a/b", giveData: "<Response/>", want: `bad golden file name "a/b"`},
		{name: "name with dots", giveName: "..", giveData: "<Response/>", want: `bad golden file name ".."`},
		{name: "empty name", giveName: "", giveData: "<Response/>", want: `bad golden file name ""`},
		{name: "empty fixture dir", giveName: "doc", giveData: "<Response/>", giveOpt: golden.WithFixtureDir(""), want: "empty fixture directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			opts := []golden.Option{golden.WithFixtureDir(dir), golden.WithUpdate(true)}
			if tt.giveOpt != nil {
				opts = append(opts, tt.giveOpt)
			}

			rec, ok := record(t, func(tb testing.TB) bool {
				return golden.AssertXML(tb, tt.giveName, []byte(tt.giveData), opts...)
			})

			assert.False(t, ok)
			assert.Contains(t, rec.output(), tt.want)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing may be written")
		})
	}
}

// TestUpdateHelper compares the join document with its committed golden
// file. TestUpdateFlagAndEnv also runs it in a child process, in an empty
// directory, where only the update modes can make it pass.
func TestUpdateHelper(t *testing.T) {
	golden.AssertResponse(t, "join", joinDoc("beep:1"))
}

// TestUpdateFlagAndEnv runs this test binary again, in an empty directory,
// to show that goldie's -update flag and GOLDIE_UPDATE=1 each write the
// exact wire bytes to testdata/golden/<TestName>/<name>.xml, and that
// without either a missing golden file fails.
func TestUpdateFlagAndEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		giveArgs []string
		giveEnv  string
		wantFile bool
	}{
		{name: "flag", giveArgs: []string{"-update"}, wantFile: true},
		{name: "env", giveEnv: "GOLDIE_UPDATE=1", wantFile: true},
		{name: "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := append([]string{"-test.run=^TestUpdateHelper$", "-test.count=1"}, tt.giveArgs...)
			cmd := exec.CommandContext(t.Context(), os.Args[0], args...)
			cmd.Dir = dir
			cmd.Env = childEnv()
			if tt.giveEnv != "" {
				cmd.Env = append(cmd.Env, tt.giveEnv)
			}

			out, err := cmd.CombinedOutput()

			file := filepath.Join(dir, "testdata", "golden", "TestUpdateHelper", "join.xml")
			if !tt.wantFile {
				var exit *exec.ExitError
				require.ErrorAs(t, err, &exit, "%s", out)
				assert.Contains(t, string(out), "does not exist")
				_, statErr := os.Stat(file)
				assert.ErrorIs(t, statErr, fs.ErrNotExist)
				return
			}
			require.NoError(t, err, "%s", out)
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			assert.Equal(t, render(t, joinDoc("beep:1")), data)
		})
	}
}

// childEnv is this process's environment without goldie's variables.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOLDIE_") {
			env = append(env, kv)
		}
	}
	return env
}

// TestGoldenFolders checks that the golden folder holds nothing but golden
// files: well-formed XML documents named *.xml. It is not parallel: in
// update mode the other tests rewrite those files while they run.
func TestGoldenFolders(t *testing.T) {
	n := 0
	err := filepath.WalkDir(golden.DefaultFixtureDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		if !assert.True(t, strings.HasSuffix(path, ".xml"), "%s is not a golden file", path) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, err = golden.Indent(data)
		assert.NoError(t, err, "%s", path)
		return nil
	})
	require.NoError(t, err)
	assert.Positive(t, n, "golden files found")
}

func TestAssertXMLErrorsAreNotFatal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeGolden(t, dir, "one", []byte("<Response><Hangup/></Response>"))
	writeGolden(t, dir, "two", []byte("<Response><Wait/></Response>"))

	rec, _ := record(t, func(tb testing.TB) bool {
		golden.AssertXML(tb, "one", []byte("<Response><Wait/></Response>"), golden.WithFixtureDir(dir), golden.WithUpdate(false))
		return golden.AssertXML(tb, "two", []byte("<Response><Hangup/></Response>"), golden.WithFixtureDir(dir), golden.WithUpdate(false))
	})

	assert.Equal(t, 2, strings.Count(rec.output(), "does not match"), "both mismatches are reported")
}
