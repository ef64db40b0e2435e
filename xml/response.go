package xml

// Element is one Vobiz XML verb or noun: *Speak, *Play, *Wait, *Redirect,
// *Hangup, *DTMF, *PreAnswer, *Gather, *Dial, *Number, *User, *Record,
// *Stream or *Conference. The interface is sealed: only this package's
// types implement it. Which element may sit in which parent is checked by
// Validate.
type Element interface {
	// elementName is the XML element name, e.g. "Speak".
	elementName() string
}

// Response is a Vobiz XML document: the <Response> root and its elements,
// executed by Vobiz in order. See https://www.vobiz.ai/docs/xml/response.
//
// The zero value is an empty document that renders <Response/>. Build one
// with NewResponse and the builder methods, or with struct literals. The
// builder methods are for one goroutine; a finished Response that is no
// longer modified may be rendered and validated concurrently.
type Response struct {
	// Elements are the top-level elements in document order.
	Elements []Element

	// errs holds the builder mistakes, kept until Validate reports them.
	errs ValidationErrors
}

// NewResponse returns an empty Response ready for the builder methods.
func NewResponse() *Response { return &Response{} }
