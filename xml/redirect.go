package xml

// Redirect fetches a new document from a URL and abandons the rest of this
// one. See https://www.vobiz.ai/docs/xml/redirect.
type Redirect struct {
	// Attrs are the attributes of the element.
	Attrs RedirectAttrs
	// URL is the absolute URL of the next document; required.
	URL string
}

// RedirectAttrs are the attributes of a Redirect, written in this order.
type RedirectAttrs struct {
	// Method is the HTTP method for URL (method); Vobiz's default is POST.
	Method Method
	// Extra are further attributes, written after the typed ones.
	Extra []Attr
}

func (*Redirect) elementName() string { return "Redirect" }

func isRedirectAttr(name string) bool { return name == "method" }
