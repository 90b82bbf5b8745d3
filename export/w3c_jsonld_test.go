package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"daftar/model"
)

const (
	annoContextURL = "http://www.w3.org/ns/anno.jsonld"
	oaNS           = "http://www.w3.org/ns/oa#"
)

// offlineLoader serves the W3C annotation context from a local copy and
// refuses every other URL, so expansion never reaches the network.
type offlineLoader struct{ anno string }

func (l offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if u != annoContextURL {
		return nil, fmt.Errorf("offline: no document for %s", u)
	}
	f, err := os.Open(l.anno)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := ld.DocumentFromReader(f)
	if err != nil {
		return nil, err
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// TestW3CExpandsWithJSONLD expands the export with a real JSON-LD processor
// (json-gold) against the 2016 W3C annotation context, which defines no
// "assessing" (the current context does). The export's own context adds it,
// so a claim with a verdict is motivated by oa:assessing whichever context
// version a consumer has. The W3C file is not ours to copy: DAFTAR_SPECS
// names the folder holding w3c-anno-2016.jsonld.
func TestW3CExpandsWithJSONLD(t *testing.T) {
	dir := os.Getenv("DAFTAR_SPECS")
	if dir == "" {
		t.Skip("DAFTAR_SPECS is not set: no W3C annotation context to expand with")
	}
	anno := filepath.Join(dir, "w3c-anno-2016.jsonld")
	if raw, err := os.ReadFile(anno); err != nil {
		t.Fatalf("DAFTAR_SPECS: %v", err)
	} else if strings.Contains(string(raw), `"assessing"`) {
		t.Fatal("this copy of the context defines assessing: the test would prove nothing")
	}
	d := fixture(t)
	claims, linked := 0, 0
	for _, a := range d.Annotations {
		if a.Kind == model.KindClaim && a.Verdict != "" {
			claims++
		} else if a.EntityID != "" {
			linked++
		}
	}
	if claims == 0 || linked == 0 {
		t.Fatal("the fixture has no claim with a verdict or no linked mention")
	}
	out := write(t, d, Options{Format: "w3c", Out: filepath.Join(t.TempDir(), "w.jsonld")})
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ld.DocumentFromReader(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = offlineLoader{anno}
	expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		t.Fatalf("expand: %v", err)
	}

	// Every annotation node: its motivation and the purposes of its bodies.
	var motivations, purposes []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				switch k {
				case oaNS + "motivatedBy":
					motivations = append(motivations, ids(t, x)...)
				case oaNS + "hasPurpose":
					purposes = append(purposes, ids(t, x)...)
				}
				walk(x)
			}
		}
	}
	walk(expanded)
	count := func(list []string, iri string) int {
		return len(slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s != iri }))
	}
	if len(motivations) != len(d.Annotations) {
		t.Errorf("%d motivations expanded for %d annotations: %v", len(motivations), len(d.Annotations), motivations)
	}
	if n := count(motivations, oaNS+"assessing"); n != claims {
		t.Errorf("%d annotations motivated by oa:assessing, want %d (claims with a verdict); all: %v", n, claims, motivations)
	}
	if n := count(purposes, oaNS+"assessing"); n != claims {
		t.Errorf("%d bodies with purpose oa:assessing, want %d", n, claims)
	}
	if n := count(motivations, oaNS+"identifying"); n != linked {
		t.Errorf("%d annotations motivated by oa:identifying, want %d", n, linked)
	}
	for _, m := range append(motivations, purposes...) {
		if !strings.HasPrefix(m, oaNS) {
			t.Errorf("motivation or purpose %q is not an oa: term", m)
		}
	}
	// Daftar's own terms expand too, and no value is lost: expansion drops a
	// property whose term no context defines, silently.
	flat, _ := json.Marshal(expanded)
	raw, _ := os.ReadFile(out)
	var compact map[string]any
	if err := json.Unmarshal(raw, &compact); err != nil {
		t.Fatal(err)
	}
	delete(compact, "@context")
	var leaves func(v any)
	leaves = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				leaves(x)
			}
		case map[string]any:
			for k, x := range v {
				if k != "type" { // AnnotationCollection becomes as:OrderedCollection
					leaves(x)
				}
			}
		case string:
			if q, _ := json.Marshal(v); !strings.Contains(string(flat), strings.Trim(string(q), `"`)) {
				t.Errorf("value %q is lost in expansion", v)
			}
		}
	}
	leaves(compact)
	for _, term := range []string{"offsetUnit", "sources", "text", "claim", "verdict", "attribution", "kind"} {
		if !strings.Contains(string(flat), `"`+daftarVocab+term+`"`) {
			t.Errorf("daftar:%s is not in the expanded document", term)
		}
	}
}

// ids returns the @id of each node of an expanded property value.
func ids(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		m, _ := x.(map[string]any)
		id, ok := m["@id"].(string)
		if !ok {
			t.Errorf("value %v has no @id", x)
			continue
		}
		out = append(out, id)
	}
	return out
}
