package kicktest

import (
	"net/http"
	"strings"
	"testing"
)

func FuzzParseRoute(f *testing.F) {
	for _, p := range []string{
		"/api/v1/Account/MA_1/Conference/",
		"/api/v1/Account/MA_1/Conference/My%20Room/",
		"/api/v1/Account/MA_1/Conference/R/Record/",
		"/api/v1/Account/MA_1/Conference/R/Member/1,2/",
		"/api/v1/Account/MA_1/Conference/R/Member/all/kick/",
		"/api/v1/account/MA_1/conference/R/member/1/Speak",
		"/api/v1/Account/MA_1/Conference/%zz/Member/1/Play/",
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, path string) {
		rt := parseRoute(path)
		if rt.shape == shapeUnknown {
			if rt.exact || rt.conference != "" || rt.memberIDs != nil {
				t.Fatalf("unknown route with fields: %+v", rt)
			}
			return
		}
		if rt.exact && !strings.HasSuffix(path, "/") {
			t.Fatalf("exact without the trailing slash: %q", path)
		}
		if (rt.shape == shapeMember || rt.shape == shapeMemberAction) != (rt.memberIDs != nil) {
			t.Fatalf("member IDs %v for shape %v", rt.memberIDs, rt.shape)
		}
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodPut} {
			if name := rt.name(m); name != "" && !knownRoute(name) {
				t.Fatalf("unknown route name %q", name)
			}
		}
	})
}
