package kicktest_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kickflow/kickflow/kick/kicktest"
)

func ExampleSign() {
	// A webhook signed by hand, as the platform would sign it.
	const nonce = "12345678901234567890"
	r, err := http.NewRequest(http.MethodPost, "https://app.example.com/vobiz/events", strings.NewReader("CallUUID=c1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Header.Set("X-Vobiz-Signature-V3", kicktest.Sign("token", "https://app.example.com/vobiz/events", nonce, true))
	r.Header.Set("X-Vobiz-Signature-V3-Nonce", nonce)
	fmt.Println(r.Header.Get("X-Vobiz-Signature-V3"))
	// Output:
	// S4atMhiXNwWaBo6sn36gL9YUHRWoliRcooVEzmdgfqI=
}
