package flow

// checkRoom refuses the room names the kick API refuses: kick.Client puts
// the name into the request path, escaped, so any name but "" and the
// path segments "." and ".." can be addressed. (kick exports no check of
// its own; this mirrors its rule.)
func checkRoom(room string) error {
	switch room {
	case "":
		return invalid("empty room name")
	case ".", "..":
		return invalid("room name %q cannot be kicked from: the kick API refuses it", room)
	}
	return nil
}
