package kick

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

// handshakeTimeout stands in for net/http's unexported TLS handshake
// timeout error.
type handshakeTimeout struct{}

func (handshakeTimeout) Error() string { return "net/http: TLS handshake timeout" }
func (handshakeTimeout) Timeout() bool { return true }

func TestNeverSent(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://api.vobiz.ai/api/v1/", Err: err}
	}
	tests := []struct {
		name string
		give error
		want bool
	}{
		{name: "dial", give: wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), want: true},
		{name: "DNS", give: wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x"}}), want: true},
		{name: "bare DNS", give: wrap(&net.DNSError{Err: "no such host", Name: "x"}), want: true},
		{name: "proxy connect", give: wrap(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: errors.New("403 Forbidden")}), want: true},
		{name: "certificate", give: wrap(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), want: true},
		{name: "ECH rejected", give: wrap(&tls.ECHRejectionError{}), want: true},
		{name: "handshake timeout", give: wrap(handshakeTimeout{}), want: true},
		{name: "handshake timeout joined", give: wrap(errors.Join(errors.New("x"), handshakeTimeout{})), want: true},
		{name: "read reset", give: wrap(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), want: false},
		{name: "write", give: wrap(&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}), want: false},
		{name: "EOF", give: wrap(io.EOF), want: false},
		{name: "unexpected EOF", give: wrap(io.ErrUnexpectedEOF), want: false},
		{name: "deadline", give: wrap(context.DeadlineExceeded), want: false},
		{name: "tunnel wrapper", give: wrap(fmt.Errorf("tunnel: %s", "broken pipe")), want: false},
		{name: "TLS alert", give: wrap(&net.OpError{Op: "remote error", Err: errors.New("tls: handshake failure")}), want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, neverSent(tt.give))
		})
	}
}
