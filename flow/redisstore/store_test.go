package redisstore_test

import (
	"testing"

	"github.com/kickflow/kickflow/flow"
	"github.com/kickflow/kickflow/flow/storetest"
)

func TestStore(t *testing.T) {
	t.Parallel()
	needServer(t)
	storetest.Run(t, func(t *testing.T) flow.Store { return newStore(t) })
}
