package kick

import (
	"context"
	"fmt"
	"net/http"
)

// Kick removes members from a conference; their calls go on with the XML
// that follows the <Conference> element. The platform answers 202 (older
// deployments 200); any 2xx is success.
//
// Like every member operation, Kick takes one member ID, several, or [All].
// Arguments are checked before any request is made; a bad one gives an
// error matching [ErrInvalidArgument]. A non-2xx answer gives an [*Error]
// (see the package documentation for the sentinels it matches), or a
// [*RetryError] wrapping the last one when several attempts were made or
// the retries ran out. A failure
// after the request may have reached the platform matches
// [ErrOutcomeUnknown]: the members may have been removed or not, and a
// retry could act on a caller who rejoined under the same member ID. When
// ctx ends, the error matches ctx's error.
//
//	POST .../Conference/{conference}/Member/{ids}/Kick/ with the body {}
func (c *Client) Kick(ctx context.Context, conference string, memberIDs ...string) (*Result, error) {
	return c.memberResult(ctx, "kick", conference, memberIDs, http.MethodPost, "Kick/", emptyObject)
}

// HangUp ends the calls of conference members outright, where [Client.Kick]
// lets them go on. The platform answers 204; any 2xx is success.
// Arguments, errors and retries are as for Kick.
//
//	DELETE .../Conference/{conference}/Member/{ids}/
func (c *Client) HangUp(ctx context.Context, conference string, memberIDs ...string) error {
	return c.memberNoResult(ctx, "hang up", conference, memberIDs, "")
}

// Mute mutes members: the others no longer hear them. The platform answers
// 202 {"message":"muted","member_id":[…]}; any 2xx is success.
//
//	POST .../Conference/{conference}/Member/{ids}/Mute/ with the body {}
func (c *Client) Mute(ctx context.Context, conference string, memberIDs ...string) (*Result, error) {
	return c.memberResult(ctx, "mute", conference, memberIDs, http.MethodPost, "Mute/", emptyObject)
}

// Unmute lets muted members be heard again. The platform answers 204; any
// 2xx is success.
//
//	DELETE .../Conference/{conference}/Member/{ids}/Mute/
func (c *Client) Unmute(ctx context.Context, conference string, memberIDs ...string) error {
	return c.memberNoResult(ctx, "unmute", conference, memberIDs, "Mute/")
}

// Deaf makes members deaf: they no longer hear the conference. The
// platform answers 202 {"message":"deaf","member_id":[…]}; any 2xx is
// success.
//
//	POST .../Conference/{conference}/Member/{ids}/Deaf/ with the body {}
func (c *Client) Deaf(ctx context.Context, conference string, memberIDs ...string) (*Result, error) {
	return c.memberResult(ctx, "deaf", conference, memberIDs, http.MethodPost, "Deaf/", emptyObject)
}

// Undeaf lets deaf members hear the conference again. The platform answers
// 204; any 2xx is success.
//
//	DELETE .../Conference/{conference}/Member/{ids}/Deaf/
func (c *Client) Undeaf(ctx context.Context, conference string, memberIDs ...string) error {
	return c.memberNoResult(ctx, "undeaf", conference, memberIDs, "Deaf/")
}

// emptyObject is the body of member operations that take no parameters.
var emptyObject = []byte("{}")

// memberOp names a member operation in error messages.
func memberOp(verb, conference string, memberIDs []string) string {
	return fmt.Sprintf("%s %q %v", verb, conference, memberIDs)
}

// memberResult makes a member operation that answers with a [Result].
func (c *Client) memberResult(ctx context.Context, verb, conference string, memberIDs []string,
	method, action string, body []byte) (*Result, error) {
	op := memberOp(verb, conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err != nil {
		return nil, fmt.Errorf("kick: %s: %w", op, err)
	}
	return c.result(ctx, call{op: op, method: method, path: path + action, body: body})
}

// memberNoResult makes a member DELETE, which has no body and answers 204.
func (c *Client) memberNoResult(ctx context.Context, verb, conference string, memberIDs []string, action string) error {
	op := memberOp(verb, conference, memberIDs)
	path, err := c.memberPath(conference, memberIDs)
	if err != nil {
		return fmt.Errorf("kick: %s: %w", op, err)
	}
	_, _, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path + action})
	return err
}

// result makes cl and decodes its 2xx answer as a [Result].
func (c *Client) result(ctx context.Context, cl call) (*Result, error) {
	status, body, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	return newResult(status, body), nil
}
