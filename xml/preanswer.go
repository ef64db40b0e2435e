package xml

// PreAnswer plays early media (Speak, Play, Wait) before the call is
// answered. It has no attributes.
// See https://www.vobiz.ai/docs/xml/preanswer.
type PreAnswer struct {
	// Elements are the children in order: *Speak, *Play or *Wait.
	Elements []Element
}

func (*PreAnswer) elementName() string { return "PreAnswer" }
