package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// factivaDoc writes a Factiva text export of articles given as
// (headline, text, accession number).
func factivaDoc(arts ...[3]string) string {
	var sb strings.Builder
	for _, a := range arts {
		fmt.Fprintf(&sb, "HD\t%s\n\nPD\t3 March 2019\n\nSN\nThe Coastal Ledger\n\nTD\n%s\n\nAN\nDocument %s\n\n\n", a[0], a[1], a[2])
	}
	return sb.String()
}

// Two overlapping Factiva downloads: the article they share has a text
// that differs (a correction line), so only its accession number shows it
// is the same; the second import skips it and says why.
func TestRunSkipsSameDocumentID(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "batch-1.txt")
	second := filepath.Join(dir, "batch-2.txt")
	harbour := [3]string{"Harbour reopens", "The harbour reopened on Sunday.", "COLEDG0020190303ef3300001"}
	corrected := [3]string{"Harbour reopens", "The harbour reopened on Sunday.\n\nCorrection: the quay opened at noon.", "COLEDG0020190303ef3300001"}
	bridge := [3]string{"Bridge closes", "The bridge closed for repairs.", "COLEDG0020190304ef3400002"}
	if err := os.WriteFile(first, []byte(factivaDoc(harbour)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(second, []byte(factivaDoc(corrected, bridge)), 0o644); err != nil {
		t.Fatal(err)
	}
	if rep, err := Run(ctx, store, []string{first}, Options{Actor: "t"}, nil); err != nil || rep.Imported != 1 {
		t.Fatalf("first import: %+v, %v", rep, err)
	}
	rep, err := Run(ctx, store, []string{second}, Options{Actor: "t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 1 || rep.Duplicates != 1 || rep.DuplicatesByID != 1 {
		t.Fatalf("second import: %+v", rep)
	}
	e := rep.Entries[0]
	if e.Status != StatusDuplicate || !strings.Contains(e.Reason, "same document id (factiva:COLEDG0020190303ef3300001)") {
		t.Errorf("entry %+v", e)
	}
}
