package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadConfirmation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want bool
	}{
		{give: "y\n", want: true},
		{give: "YES\n", want: true},
		{give: " yes \n", want: true},
		{give: "y", want: true},
		{give: "n\n", want: false},
		{give: "\n", want: false},
		{give: "", want: false},
		{give: "yess\n", want: false},
	}
	for _, tt := range tests {
		err := readConfirmation(strings.NewReader(tt.give), "kick 10")
		assert.Equal(t, tt.want, err == nil, "answer %q: %v", tt.give, err)
	}
}
