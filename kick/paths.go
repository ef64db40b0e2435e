package kick

import (
	"net/url"
	"strings"
)

// accountPath returns the escaped path "/api/v1/Account/{auth_id}/". It
// fails on a client not made by [New].
func (c *Client) accountPath() (string, error) {
	if c == nil || c.cred == nil {
		return "", invalid("client not made by New")
	}
	return "/api/v1/Account/" + c.cred.id + "/", nil
}

// conferencePath checks the conference name and returns the escaped path
// ".../Conference/{conference}/".
func (c *Client) conferencePath(conference string) (string, error) {
	base, err := c.accountPath()
	if err != nil {
		return "", err
	}
	if conference == "" {
		return "", invalid("empty conference name")
	}
	if conference == "." || conference == ".." {
		return "", invalid("conference name %q cannot be a path segment", conference)
	}
	return base + "Conference/" + url.PathEscape(conference) + "/", nil
}

// memberPath checks the arguments and returns the escaped path
// ".../Conference/{conference}/Member/{ids}/".
func (c *Client) memberPath(conference string, memberIDs []string) (string, error) {
	path, err := c.conferencePath(conference)
	if err != nil {
		return "", err
	}
	if len(memberIDs) == 0 {
		return "", invalid("no member IDs")
	}
	escaped := make([]string, len(memberIDs))
	for i, id := range memberIDs {
		switch {
		case id == "":
			return "", invalid("empty member ID")
		case strings.ContainsAny(id, ",/"):
			return "", invalid("member ID %q contains \",\" or \"/\"", id)
		case id == "." || id == "..":
			return "", invalid("member ID %q cannot be a path segment", id)
		case id == All && len(memberIDs) > 1:
			return "", invalid("%q mixed with other member IDs", All)
		}
		escaped[i] = url.PathEscape(id)
	}
	return path + "Member/" + strings.Join(escaped, ",") + "/", nil
}
