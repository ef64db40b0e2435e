package signature_test

import (
	"fmt"
	"log"

	"github.com/kickflow/kickflow/internal/signature"
)

func ExampleSignV3() {
	// The query string is not signed; the nonce travels in its own header.
	sig, err := signature.SignV3("token", "https://app.example.com/events?room=a", "12345678901234567890")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sig)
	// Output:
	// 1sWRxhqGAD5PdqTy0rBk/kTKY65OCUhOIzMx7QmHmyk=
}
