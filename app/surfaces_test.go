package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sharedPath are the files that draw text for the rest of the app: only
// they may use Fyne's stock text, dialogs and pop-ups directly.
var sharedPath = []string{"bidilabel.go", "biditext.go", "bidiselect.go", "bidibutton.go", "bidicells.go",
	"dialogs.go", "dialogkeys.go"}

// TestTextSurfaces fails when a screen draws text that can change (a
// name, a quote, a count, a path) with Fyne's stock text, which lays the
// direction runs of mixed Arabic/Latin text out left to right, or opens a
// dialog or pop-up without the helpers that draw titles by bidi and close
// on Escape. Constant captions (literals, constants, lang.L of a literal)
// may stay stock labels and buttons.
func TestTextSurfaces(t *testing.T) {
	problems, err := scanSurfaces(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestTextSurfacesCatches checks the scan on code that breaks each rule.
func TestTextSurfacesCatches(t *testing.T) {
	bad := `package app
const caption = "Language"
func f(name string, c any) {
	widget.NewLabel(name)
	widget.NewLabel("")
	widget.NewLabelWithStyle("Title: " + name, 0, style)
	widget.NewButton(fmt.Sprintf("Open %s", name), nil)
	widget.NewSelect(nil, nil)
	dialog.ShowInformation("About", name, win)
	dialog.NewConfirm("Delete", "Sure?", nil, win)
	widget.NewModalPopUp(nil, c)
	_ = c.(*widget.Label)
	canvas.NewText(name, nil)
	dialog.NewFileOpen(nil, win).Show()
}
func ok(name string) {
	widget.NewLabel("Language")
	widget.NewLabel(caption)
	widget.NewLabel(lang.L("Source"))
	widget.NewButtonWithIcon("", nil, nil)
	newBidiLabel(name)
	showFileDialog(win, dialog.NewFolderOpen(nil, win))
}
`
	problems := scanFile(token.NewFileSet(), "bad.go", bad, map[string]bool{"caption": true})
	if len(problems) != 11 {
		t.Fatalf("found %d problems, want 11:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	for _, p := range problems {
		if line, _ := strconv.Atoi(strings.Split(p, ":")[1]); line >= 16 { // func ok starts on line 16
			t.Errorf("a false alarm: %s", p)
		}
	}
}

func scanSurfaces(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	consts := map[string]bool{}
	parsed := map[string]*ast.File{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || slices.Contains(sharedPath, filepath.Base(name)) {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		parsed[name] = f
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						consts[n.Name] = true
					}
				}
			}
		}
	}
	var problems []string
	for _, name := range slices.Sorted(maps.Keys(parsed)) {
		problems = append(problems, scanAST(fset, parsed[name], consts)...)
	}
	return problems, nil
}

func scanFile(fset *token.FileSet, name, src string, consts map[string]bool) []string {
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		return []string{err.Error()}
	}
	return scanAST(fset, f, consts)
}

// Stock text widgets and the argument that holds their text.
var stockText = map[string]int{
	"widget.NewLabel": 0, "widget.NewLabelWithStyle": 0, "canvas.NewText": 0, "widget.NewRichTextWithText": 0,
	"widget.NewButton": 0, "widget.NewButtonWithIcon": 0, "widget.NewCheck": 0, "widget.NewHyperlink": 0,
}

// labelLike may not start empty: an empty label is there to get text later.
var labelLike = map[string]bool{"widget.NewLabel": true, "widget.NewLabelWithStyle": true, "canvas.NewText": true,
	"widget.NewRichTextWithText": true}

var filePickers = map[string]bool{"dialog.NewFileOpen": true, "dialog.NewFolderOpen": true, "dialog.NewFileSave": true}

func scanAST(fset *token.FileSet, f *ast.File, consts map[string]bool) []string {
	var problems []string
	report := func(n ast.Node, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s: %s", fset.Position(n.Pos()), fmt.Sprintf(format, args...)))
	}
	isConst := func(e ast.Expr) bool { return constText(e, consts) }
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		picker, shown := ast.Node(nil), false
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := selectorName(n.Fun)
				if name == "showFileDialog" {
					shown = true
				}
				if i, ok := stockText[name]; ok && i < len(n.Args) {
					a := n.Args[i]
					if !isConst(a) || labelLike[name] && isEmpty(a) {
						report(n, "%s with text that changes: use newBidiLabel, newBidiText or newBidiButton", name)
					}
				}
				switch {
				case name == "widget.NewSelect":
					report(n, "widget.NewSelect draws its options with stock text: use newBidiSelect")
				case filePickers[name]:
					picker = n
				case strings.HasPrefix(name, "dialog."):
					report(n, "%s: build dialogs with the helpers of dialogs.go (bidi title and message, Escape and Enter)", name)
				case strings.Contains(name, "PopUp"):
					report(n, "%s: pop-ups go through dialogs.go or bidiSelect (Escape closes them)", name)
				}
			case *ast.TypeAssertExpr:
				switch selectorName(starOf(n.Type)) {
				case "widget.Label", "widget.RichText", "canvas.Text":
					report(n, "a cell of stock text: use bidiCell and setCell")
				}
			}
			return true
		})
		if picker != nil && !shown {
			report(picker, "a file picker shown without showFileDialog (Escape would not close it)")
		}
	}
	return problems
}

func starOf(e ast.Expr) ast.Expr {
	if s, ok := e.(*ast.StarExpr); ok {
		return s.X
	}
	return e
}

func selectorName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			return x.Name + "." + e.Sel.Name
		}
	}
	return ""
}

func isEmpty(e ast.Expr) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Value == `""`
}

// constText reports whether e is text fixed at compile time or a
// translation of such text.
func constText(e ast.Expr, consts map[string]bool) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING
	case *ast.Ident:
		return consts[e.Name]
	case *ast.ParenExpr:
		return constText(e.X, consts)
	case *ast.BinaryExpr:
		return e.Op == token.ADD && constText(e.X, consts) && constText(e.Y, consts)
	case *ast.CallExpr:
		switch selectorName(e.Fun) {
		case "lang.L", "lang.X":
			for _, a := range e.Args {
				if !constText(a, consts) {
					return false
				}
			}
			return true
		}
	}
	return false
}
