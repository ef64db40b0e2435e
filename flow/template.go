package flow

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
)

// MaxTemplateBytes bounds the source of a continuation's announcement
// template; a longer one is rejected with [ErrInvalidArgument].
const MaxTemplateBytes = 4096

// announceName is the name the announcement template is parsed under.
const announceName = "announce"

// parseAnnounce parses text as an announcement template and checks that
// it uses only the constructs of the announcement language (see the
// package doc): text, {{.Field}} and {{.}} substitutions, and if/with
// with optional else. Everything else is rejected here, at parse time,
// because text/template cannot be interrupted once it executes: with no
// loops, no template calls and no functions, execution does work in
// proportion to the template's source, which is bounded by
// [MaxTemplateBytes].
func parseAnnounce(text string) (*template.Template, error) {
	if len(text) > MaxTemplateBytes {
		return nil, invalid("announcement template: %d bytes, more than %d", len(text), MaxTemplateBytes)
	}
	t, err := template.New(announceName).Option("missingkey=error").Parse(text)
	if err != nil {
		// text/template says "template: announce:LINE: …"; keep LINE: ….
		msg := strings.TrimPrefix(err.Error(), "template: "+announceName+":")
		return nil, invalid("announcement template: %s", msg)
	}
	if err := checkTree(t); err != nil {
		return nil, invalid("announcement template: %v", err)
	}
	return t, nil
}

// checkTree rejects any construct outside the announcement language in t
// and the templates defined along with it.
func checkTree(t *template.Template) error {
	// A top-level tree is walked first, so that {{block}} and
	// {{template}} are named before the {{define}} they imply.
	if t.Tree != nil {
		if err := checkNode(t.Tree.Root, t.Tree); err != nil {
			return err
		}
	}
	for _, d := range t.Templates() {
		if d.Name() != announceName {
			return fmt.Errorf("{{define %q}} is not allowed", d.Name())
		}
	}
	return nil
}

// checkNode walks n, allowing only the node types of the announcement
// language.
func checkNode(n parse.Node, tree *parse.Tree) error {
	switch n := n.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNode(c, tree); err != nil {
				return err
			}
		}
		return nil
	case *parse.TextNode, *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return checkPipe(n.Pipe, "", tree)
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, "if", tree)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, "with", tree)
	case *parse.RangeNode:
		return notAllowed(tree, n, "{{range}}")
	case *parse.TemplateNode:
		// {{block}} parses into a {{template}} call plus a definition.
		return notAllowed(tree, n, fmt.Sprintf("{{template %q}} (or {{block}})", n.Name))
	case *parse.BreakNode:
		return notAllowed(tree, n, "{{break}}")
	case *parse.ContinueNode:
		return notAllowed(tree, n, "{{continue}}")
	default:
		return notAllowed(tree, n, fmt.Sprintf("%q", n.String()))
	}
}

func checkBranch(b *parse.BranchNode, kind string, tree *parse.Tree) error {
	if err := checkPipe(b.Pipe, kind, tree); err != nil {
		return err
	}
	if err := checkNode(b.List, tree); err != nil {
		return err
	}
	return checkNode(b.ElseList, tree)
}

// checkPipe allows a pipeline that is a single field or dot, with no
// variable declared.
func checkPipe(p *parse.PipeNode, kind string, tree *parse.Tree) error {
	where := ""
	if kind != "" {
		where = " in {{" + kind + "}}"
	}
	if len(p.Decl) > 0 {
		return notAllowed(tree, p, "variable "+p.Decl[0].String()+where)
	}
	if len(p.Cmds) != 1 {
		return notAllowed(tree, p, fmt.Sprintf("pipeline %q%s", p.String(), where))
	}
	cmd := p.Cmds[0]
	if len(cmd.Args) != 1 {
		if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
			return notAllowed(tree, cmd, "function "+id.Ident+where)
		}
		return notAllowed(tree, cmd, fmt.Sprintf("command %q%s", cmd.String(), where))
	}
	switch a := cmd.Args[0].(type) {
	case *parse.FieldNode, *parse.DotNode:
		return nil
	case *parse.IdentifierNode:
		return notAllowed(tree, a, "function "+a.Ident+where)
	case *parse.VariableNode:
		return notAllowed(tree, a, "variable "+a.Ident[0]+where)
	case *parse.PipeNode:
		return notAllowed(tree, a, "parenthesized pipeline"+where)
	case *parse.ChainNode:
		return notAllowed(tree, a, fmt.Sprintf("field chain %q%s", a.String(), where))
	default:
		return notAllowed(tree, a, fmt.Sprintf("constant %s%s", a.String(), where))
	}
}

// notAllowed reports construct at n's position.
func notAllowed(tree *parse.Tree, n parse.Node, construct string) error {
	loc, _ := tree.ErrorContext(n)
	// loc is "announce:line:col"; keep line:col.
	loc = strings.TrimPrefix(loc, announceName+":")
	return fmt.Errorf("%s: %s is not allowed", loc, construct)
}

var errTooLong = fmt.Errorf("announcement longer than %d bytes", MaxAnnounceBytes)

// inType matches the Go type text/template names in an execution error.
var inType = regexp.MustCompile(` in type [^ :]+`)

// execError is an announcement execution error in flow's words: the
// position and the field, without text/template's prefix or Go type
// names. It unwraps to text/template's error.
type execError struct {
	msg string
	err error
}

func (e *execError) Error() string { return e.msg }
func (e *execError) Unwrap() error { return e.err }

func cleanExecError(err error) error {
	var ee template.ExecError
	if !errors.As(err, &ee) {
		return err
	}
	msg := strings.TrimPrefix(ee.Err.Error(), "template: "+announceName+":")
	msg = strings.Replace(msg, `executing "`+announceName+`" at `, "", 1)
	msg = inType.ReplaceAllString(msg, "")
	return &execError{msg: msg, err: err}
}

// limitedBuilder is a strings.Builder that refuses to grow past
// MaxAnnounceBytes.
type limitedBuilder struct{ strings.Builder }

// Write appends p, or fails with errTooLong if that would pass the bound.
func (b *limitedBuilder) Write(p []byte) (int, error) {
	if b.Len()+len(p) > MaxAnnounceBytes {
		return 0, errTooLong
	}
	return b.Builder.Write(p)
}

func execute(tmpl *template.Template, data TemplateData) (string, error) {
	var b limitedBuilder
	if err := tmpl.Execute(&b, data); err != nil {
		return "", cleanExecError(err)
	}
	return b.String(), nil
}

// maxTemplates bounds the cache of parsed announcement templates; texts
// beyond it are parsed on every kick.
const maxTemplates = 256

// templateCache keeps parsed and checked announcement templates by their
// text.
type templateCache struct {
	mu sync.Mutex
	m  map[string]*template.Template
}

func (c *templateCache) get(text string) (*template.Template, error) {
	c.mu.Lock()
	t, ok := c.m[text]
	c.mu.Unlock()
	if ok {
		return t, nil
	}
	t, err := parseAnnounce(text)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]*template.Template)
	}
	if len(c.m) < maxTemplates {
		c.m[text] = t
	}
	c.mu.Unlock()
	return t, nil
}
