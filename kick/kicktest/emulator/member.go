package emulator

import "github.com/kickflow/kickflow/kick/kicktest"

// member converts a kicktest member.
func member(m kicktest.Member) Member {
	return Member{ID: m.ID, CallUUID: m.CallUUID}
}
