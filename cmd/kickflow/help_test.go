package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     []string
		wantText string
	}{
		{name: "root", give: []string{"-h"}, wantText: "Available Commands"},
		{name: "lint", give: []string{"lint", "-h"}, wantText: "file:line:col: severity: rule: message"},
		{name: "lint long", give: []string{"lint", "--help"}, wantText: "--max-latency"},
		{name: "fmt", give: []string{"fmt", "-h"}, wantText: "canonically equal"},
		{name: "help fmt", give: []string{"help", "fmt"}, wantText: "-w, --write"},
		{name: "completion", give: []string{"completion", "bash"}, wantText: "__start_kickflow"},
		{name: "kick", give: []string{"kick", "-h"}, wantText: "refuses (exit 2)"},
		{name: "hangup", give: []string{"hangup", "-h"}, wantText: "--conference"},
		{name: "members", give: []string{"members", "-h"}, wantText: "VOBIZ_AUTH_ID"},
		{name: "speak", give: []string{"speak", "-h"}, wantText: "--voice"},
		{name: "emulate", give: []string{"emulate", "-h"}, wantText: "REST base URL"},
		{name: "call", give: []string{"call", "-h"}, wantText: "keys 1234#"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, "", nil, tt.give...)
			assert.Equal(t, 0, got.code, "stderr: %s", got.stderr)
			assert.Contains(t, got.stdout, tt.wantText)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		give     []string
		wantText string
	}{
		{name: "unknown command", give: []string{"lnt"}, wantText: "unknown command"},
		{name: "unknown flag", give: []string{"lint", "--nope", "a.xml"}, wantText: "unknown flag"},
		{name: "lint without arguments", give: []string{"lint"}, wantText: "requires at least 1 arg"},
		{name: "bad duration", give: []string{"lint", "-max-latency", "soon", "a.xml"}, wantText: "invalid argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := kickflow(t, "", nil, tt.give...)
			assert.Equal(t, 2, got.code)
			assert.Contains(t, got.stderr, tt.wantText)
			assert.Empty(t, got.stdout)
		})
	}
}
