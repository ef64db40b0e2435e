package kick

// Test hooks for the external test package.
var (
	WithSleep = withSleep
	WithClock = withClock
)
