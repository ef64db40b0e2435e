package xml

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNextSpecial compares the word-at-a-time scan with strings.IndexAny
// for every special byte at every position and alignment, among neighbours
// that differ from a special by one bit.
func TestNextSpecial(t *testing.T) {
	t.Parallel()
	const specials = `&<>"'`
	fillers := []string{"a", "%", "=", "?", ";", "(", "#", "\x00", "é", "\xa6", "\xbc", "\xff"}
	for _, fill := range fillers {
		for _, c := range []byte(specials + "x") {
			for n := range 20 {
				for pos := range n + 1 {
					b := []byte(strings.Repeat(fill, n))[:n]
					if pos < n {
						b[pos] = c
					}
					s := string(b)
					want := strings.IndexAny(s, specials)
					if want < 0 {
						want = len(s)
					}
					for from := 0; from <= min(want, len(s)); from++ {
						if got := nextSpecial(s[from:]) + from; got != want {
							t.Fatalf("nextSpecial(%q, %d) = %d, want %d", s, from, got, want)
						}
					}
				}
			}
		}
	}
	assert.Equal(t, 3, nextSpecial("abc&"))
}

func TestAppendEscaped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want string
	}{
		{give: "", want: ""},
		{give: "plain text, longer than one word", want: "plain text, longer than one word"},
		{give: `&<>"'`, want: "&amp;&lt;&gt;&quot;&apos;"},
		{give: `https://a.example/?q="1"&r='2'<x>`, want: "https://a.example/?q=&quot;1&quot;&amp;r=&apos;2&apos;&lt;x&gt;"},
		{give: "]]> Grüße 日本 😀 &", want: "]]&gt; Grüße 日本 😀 &amp;"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, string(appendEscaped([]byte("p:"), tt.give))[2:])
		})
	}
}
