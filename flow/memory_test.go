package flow_test

import (
	"testing"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/storetest"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(*testing.T) flow.Store { return &flow.MemoryStore{} })
}
