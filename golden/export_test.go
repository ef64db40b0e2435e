package golden

// WithUpdate forces update mode on or off for one assertion, whatever
// goldie's -update flag and GOLDIE_UPDATE say, so tests of this package can
// run in either mode.
func WithUpdate(on bool) Option {
	return func(c *config) error {
		c.update = &on
		return nil
	}
}
