package main

import (
	"os"
	"testing"

	"github.com/kickflow/kickflow/internal/redistest"
)

// TestMain runs the tests through redistest, which stops the Redis server
// it started for the Redis tests.
func TestMain(m *testing.M) { os.Exit(redistest.Run(m)) }
