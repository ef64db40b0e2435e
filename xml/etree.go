package xml

import "github.com/beevik/etree"

// Etree validates the document and builds the same document with etree:
// writing it with the default etree.WriteSettings gives the bytes of
// Render. It returns an error matching ErrInvalid for an invalid document.
func (r *Response) Etree() (*etree.Document, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
	root := doc.CreateElement("Response")
	if r != nil {
		for _, el := range r.Elements {
			etreeElement(root, el)
		}
	}
	return doc, nil
}

// etreeElement adds el to parent.
func etreeElement(parent *etree.Element, el Element) {
	x := parent.CreateElement(el.elementName())
	e := emitter{collect: true}
	text, children := parts(el, &e)
	etreeAttrs(x, e.attrs)
	if sp, ok := el.(*Speak); ok {
		etreeNodes(x, sp.Content)
	}
	if text != "" {
		x.SetText(text)
	}
	for _, c := range children {
		etreeElement(x, c)
	}
}

func etreeAttrs(x *etree.Element, attrs []Attr) {
	for _, a := range attrs {
		x.CreateAttr(a.Name, a.Value)
	}
}

// etreeNodes adds SSML content to x.
func etreeNodes(x *etree.Element, nodes []Node) {
	for _, n := range nodes {
		switch v := n.(type) {
		case Text:
			x.CreateText(string(v))
		case *Tag:
			t := x.CreateElement(v.Name)
			etreeAttrs(t, v.Attrs)
			etreeNodes(t, v.Content)
		}
	}
}
