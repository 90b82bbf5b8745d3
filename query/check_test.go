package query

import (
	"fmt"
	"strings"

	"daftar/textnorm"
)

// CheckFTS5 validates that an expression is in the FTS5 subset this package
// emits: quoted strings (each holding at least one token, since an empty
// FTS5 phrase matches every row), optional * after a string, column filters
// on our own columns, parentheses and the operators AND, OR, NOT. It is a
// test oracle; the storage fuzz test checks the same against SQLite.
func CheckFTS5(expr string) error {
	p := &ftsChecker{s: expr}
	if err := p.expr(); err != nil {
		return err
	}
	p.space()
	if p.i != len(p.s) {
		return fmt.Errorf("trailing input at %d: %.20q", p.i, p.s[p.i:])
	}
	return nil
}

type ftsChecker struct {
	s     string
	i     int
	depth int
}

func (p *ftsChecker) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *ftsChecker) keyword() string {
	p.space()
	for _, k := range []string{"AND ", "OR ", "NOT "} {
		if strings.HasPrefix(p.s[p.i:], k) {
			p.i += len(k)
			return k
		}
	}
	return ""
}

func (p *ftsChecker) expr() error {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 50 {
		return fmt.Errorf("nesting too deep")
	}
	if err := p.unary(); err != nil {
		return err
	}
	for {
		save := p.i
		if p.keyword() == "" {
			p.i = save
			return nil
		}
		if err := p.unary(); err != nil {
			return err
		}
	}
}

var columns = map[string]bool{"title_fold": true, "text_fold": true, "title_stem": true, "text_stem": true}

func (p *ftsChecker) unary() error {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '{' {
		end := strings.IndexByte(p.s[p.i:], '}')
		if end < 0 {
			return fmt.Errorf("unclosed column filter")
		}
		for _, c := range strings.Fields(p.s[p.i+1 : p.i+end]) {
			if !columns[c] {
				return fmt.Errorf("unknown column %q", c)
			}
		}
		p.i += end + 1
		p.space()
		if !strings.HasPrefix(p.s[p.i:], ": ") {
			return fmt.Errorf("column filter without ':' at %d", p.i)
		}
		p.i += 2
	}
	p.space()
	if p.i >= len(p.s) {
		return fmt.Errorf("expected a phrase at end")
	}
	if p.s[p.i] == '(' {
		p.i++
		if err := p.expr(); err != nil {
			return err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return fmt.Errorf("missing ')' at %d", p.i)
		}
		p.i++
		return nil
	}
	for {
		if err := p.str(); err != nil {
			return err
		}
		if p.i < len(p.s) && p.s[p.i] == '*' {
			p.i++
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '+' {
			p.i++
			p.space()
			continue
		}
		return nil
	}
}

func (p *ftsChecker) str() error {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return fmt.Errorf("expected '\"' at %d", p.i)
	}
	p.i++
	var body strings.Builder
	for {
		if p.i >= len(p.s) {
			return fmt.Errorf("unterminated string")
		}
		if p.s[p.i] == '"' {
			if p.i+1 < len(p.s) && p.s[p.i+1] == '"' {
				body.WriteByte('"')
				p.i += 2
				continue
			}
			p.i++
			break
		}
		body.WriteByte(p.s[p.i])
		p.i++
	}
	if len(textnorm.Tokens(body.String())) == 0 {
		return fmt.Errorf("string %q has no token", body.String())
	}
	return nil
}
