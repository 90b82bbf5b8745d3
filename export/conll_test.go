package export

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"daftar/bundle"
	"daftar/model"
)

// overlapping returns the fixture's annotations a single BIO column
// cannot hold (computed here from the spans, not by the exporter): an
// annotation overlapping one of another type that wins (mentions beat
// claims), or an earlier/longer one of its own layer.
func overlapping(d *bundle.Bundle, layered bool) []string {
	var out []string
	for _, a := range d.Annotations {
		for _, b := range d.Annotations {
			if a.ID == b.ID || a.ArticleID != b.ArticleID || !(a.Start < b.End && b.Start < a.End) {
				continue
			}
			if layered && a.Type != b.Type {
				continue
			}
			aClaim, bClaim := a.Kind == model.KindClaim, b.Kind == model.KindClaim
			if (aClaim && !bClaim) || (aClaim == bClaim && (b.Start < a.Start || b.Start == a.Start && b.End > a.End)) {
				out = append(out, a.ID)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// Overlapping annotations never vanish unannounced: the summary counts and
// names them, a side file lists them, and the layered form keeps those of
// different types in their own columns.
func TestCoNLLReportsAndLayersOverlaps(t *testing.T) {
	d := fixture(t)
	// Two overlapping mentions of the same type: even layered, one must go.
	a := d.Articles[1]
	s, e := span(t, a.Text, "Portland", 0)
	d.Annotations = append(d.Annotations, model.Annotation{ID: model.NewID(), ArticleID: a.ID, Kind: model.KindEntity, Type: "ORG",
		Start: s, End: e, Quote: "Portland", Annotator: "rana", CreatedAt: fixedTime, UpdatedAt: fixedTime})
	load := func(context.Context) (*bundle.Bundle, error) { return d, nil }
	for _, layered := range []bool{false, true} {
		want := overlapping(d, layered)
		if len(want) == 0 {
			t.Fatal("fixture has no overlaps")
		}
		out := filepath.Join(t.TempDir(), "a.conll")
		n, err := Run(context.Background(), Options{Format: "conll", Out: out, Layers: layered}, load, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Sorted(slices.Values(n.LeftOut))
		if !slices.Equal(got, want) {
			t.Errorf("layered %v: left out %v, want %v", layered, got, want)
		}
		if len(n.Notes) != 1 || !strings.Contains(n.Notes[0], strings.Join(n.LeftOut, ", ")) {
			t.Errorf("layered %v: notes %v", layered, n.Notes)
		}
		side, err := os.ReadFile(out + ".left-out.tsv")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(side), "\n"), "\n")
		if len(lines) != len(want)+1 || !strings.HasPrefix(lines[0], "annotation_id\t") {
			t.Errorf("side file:\n%s", side)
		}
		for _, id := range want {
			if !strings.Contains(string(side), id+"\t") {
				t.Errorf("side file lacks %s", id)
			}
		}
		raw, _ := os.ReadFile(out)
		cols := 2
		if layered {
			cols = 1 + len(d.Schema)
		}
		// Every tagged annotation that was kept appears, per column, as
		// B- then I- tags of its type.
		sc := bufio.NewScanner(bytes.NewReader(raw))
		begins := map[string]int{}
		for sc.Scan() {
			f := strings.Split(sc.Text(), "\t")
			if sc.Text() == "" {
				continue
			}
			if len(f) != cols {
				t.Fatalf("layered %v: line %q has %d columns, want %d", layered, sc.Text(), len(f), cols)
			}
			for k, tag := range f[1:] {
				if layered && f[0] != "-DOCSTART-" && tag != "O" && tag[2:] != d.Schema[k].Name {
					t.Errorf("column %d (%s) holds %s", k+1, d.Schema[k].Name, tag)
				}
				if strings.HasPrefix(tag, "B-") {
					begins[tag[2:]]++
				}
			}
		}
		wantBegins := map[string]int{}
		for _, an := range d.Annotations {
			if !slices.Contains(want, an.ID) {
				wantBegins[an.Type]++
			}
		}
		for typ, k := range wantBegins {
			if begins[typ] != k {
				t.Errorf("layered %v: %d %s spans tagged, want %d", layered, begins[typ], typ, k)
			}
		}
		if layered && !bytes.HasPrefix(raw, []byte("-DOCSTART-\t"+d.Schema[0].Name+"\t")) {
			t.Errorf("layered header: %q", raw[:60])
		}
	}
	// With nothing left out there is no side file, and an old one goes.
	out := filepath.Join(t.TempDir(), "b.conll")
	os.WriteFile(out+".left-out.tsv", []byte("stale"), 0o644)
	n, err := Run(context.Background(), Options{Format: "conll", Out: out, Layers: true}, func(context.Context) (*bundle.Bundle, error) {
		return &bundle.Bundle{Schema: d.Schema, Articles: d.Articles[2:], Annotations: slices.DeleteFunc(slices.Clone(d.Annotations),
			func(an model.Annotation) bool { return an.ArticleID != d.Articles[2].ID })}, nil
	}, nil)
	if _, serr := os.Stat(out + ".left-out.tsv"); err != nil || n.LeftOut != nil || n.Notes != nil || serr == nil {
		t.Errorf("nothing left out: %v %+v, side file %v", err, n, serr)
	}
}
