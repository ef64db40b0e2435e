package kicktest

import "github.com/kickflow/kickflow/internal/signature"

// Sign returns the signature the platform sends for a request to signedURL
// with nonce, under authToken: version 3 when v3 is true (HMAC-SHA256 of
// signedURL + "." + nonce), else version 2 (HMAC-SHA256 of signedURL +
// nonce), base64-encoded. signedURL is used as given, so pass the scheme,
// host and path the platform would sign, without query or fragment.
//
// It is for tests that play the platform by hand, e.g. to send a forged or
// replayed webhook; the fake server signs its own requests the same way.
// Put the result in the X-Vobiz-Signature-V3 (or -V2) header and nonce in
// the matching nonce header.
func Sign(authToken, signedURL, nonce string, v3 bool) string {
	return signature.Encode(authToken, signedURL, nonce, v3)
}
