package i18n

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// appDirs hold the GUI code whose strings go through lang.
var appDirs = []string{"../app", "../app/articleview"}

// usedKeys finds every translation key the GUI uses, with go/ast: the
// first argument of lang.L, lang.N and lang.X, of msgKey (a key translated
// where it is shown) and of appItemLabel, when it is a string literal, a
// sum of literals or a constant of the package. plural marks lang.N keys.
// dynamic lists the calls whose key is none of these (a variable).
func usedKeys(t *testing.T) (keys map[string]bool, dynamic []string) {
	t.Helper()
	keys = map[string]bool{}
	for _, dir := range appDirs {
		fset := token.NewFileSet()
		var files []*ast.File
		names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		consts := map[string]string{}
		for _, f := range files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if v, ok := stringValue(vs.Values[i], nil); ok {
								consts[n.Name] = v
							}
						}
					}
				}
			}
		}
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "lang" {
						name = "lang." + fn.Sel.Name
					}
				case *ast.Ident:
					name = fn.Name
				}
				switch name {
				case "lang.L", "lang.N", "lang.X", "msgKey", "appItemLabel":
				default:
					return true
				}
				key, ok := stringValue(call.Args[0], consts)
				if !ok {
					dynamic = append(dynamic, fset.Position(call.Pos()).String())
					return true
				}
				keys[key] = keys[key] || name == "lang.N"
				return true
			})
		}
	}
	return keys, dynamic
}

// stringValue evaluates a string literal, a sum of them, or a constant.
func stringValue(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			a, ok1 := stringValue(e.X, consts)
			b, ok2 := stringValue(e.Y, consts)
			return a + b, ok1 && ok2
		}
	case *ast.Ident:
		v, ok := consts[e.Name]
		return v, ok
	}
	return "", false
}

// readTranslations reads translations/<name> as key -> message (a string,
// or plural forms).
func readTranslations(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("translations", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// TestEveryKeyTranslated: each key the GUI uses has an Arabic and a French
// entry, plural keys with every plural form of the language (and an English
// entry with "one"); no file has an entry the GUI does not use.
func TestEveryKeyTranslated(t *testing.T) {
	keys, dynamic := usedKeys(t)
	if len(keys) < 300 {
		t.Fatalf("found only %d keys in the GUI: the extraction is broken", len(keys))
	}
	t.Logf("%d keys; %d calls with a key computed at run time (their keys are constants or msgKey): %v", len(keys), len(dynamic), dynamic)
	forms := map[string][]string{
		"en.json": {"one", "other"},
		"fr.json": {"one", "many", "other"},
		"ar.json": {"zero", "one", "two", "few", "many", "other"},
	}
	for file, want := range forms {
		m := readTranslations(t, file)
		for key, plural := range keys {
			msg, ok := m[key]
			switch {
			case !ok && (file != "en.json" || plural):
				t.Errorf("%s: no entry for %q", file, key)
			case !ok:
			case plural:
				p, isMap := msg.(map[string]any)
				if !isMap {
					t.Errorf("%s: %q is used with lang.N but has no plural forms", file, key)
					continue
				}
				for _, f := range want {
					if s, _ := p[f].(string); s == "" {
						t.Errorf("%s: %q has no %q form", file, key, f)
					}
				}
			default:
				if s, _ := msg.(string); s == "" {
					t.Errorf("%s: %q should be one non-empty string", file, key)
				}
			}
		}
		for key := range m {
			if _, used := keys[key]; !used {
				t.Errorf("%s: %q is not used by the GUI", file, key)
			}
			if file == "en.json" && !keys[key] {
				t.Errorf("en.json: %q is not a plural key (English needs only those)", key)
			}
		}
	}
}

// TestPlaceholdersKept: a translation names the same template fields as
// its key, so no value is lost or invented.
func TestPlaceholdersKept(t *testing.T) {
	fields := func(s string) []string {
		var out []string
		for _, part := range strings.Split(s, "{{")[1:] {
			f, _, _ := strings.Cut(part, "}}")
			out = append(out, strings.TrimSpace(f))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, file := range []string{"en.json", "ar.json", "fr.json"} {
		for key, msg := range readTranslations(t, file) {
			want := fields(key)
			texts, plural := []string{}, false
			switch m := msg.(type) {
			case string:
				texts = append(texts, m)
			case map[string]any:
				plural = true
				for _, v := range m {
					texts = append(texts, v.(string))
				}
			}
			for _, s := range texts {
				got := fields(s)
				for _, f := range want {
					// A plural form may spell its count out ("مقالة واحدة").
					if !slices.Contains(got, f) && (f != ".Count" || !plural) {
						t.Errorf("%s: %q loses %s in %q", file, key, f, s)
					}
				}
				for _, f := range got {
					if !slices.Contains(want, f) {
						t.Errorf("%s: %q invents %s in %q", file, key, f, s)
					}
				}
			}
		}
	}
}
