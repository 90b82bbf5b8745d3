package export

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"daftar/bundle"
	"daftar/seal"
)

// An encrypted export is the same bytes as the plain one once decrypted
// (exported_at aside), and nothing readable is left on disk.
func TestEncryptedExport(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	rs := []age.Recipient{id.Recipient()}
	dir := t.TempDir()
	d := fixture(t)
	load := func(context.Context) (*bundle.Bundle, error) { return d, nil }
	out := filepath.Join(dir, "b.json.age")
	if _, err := Run(context.Background(), Options{Format: "json", Out: out, Recipients: rs}, load, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte(seal.Header)) || bytes.Contains(data, []byte(d.Articles[0].Title)) {
		t.Fatalf("not encrypted: %q", data[:40])
	}
	r, err := seal.Decrypt(bytes.NewReader(data), []age.Identity{id})
	if err != nil {
		t.Fatal(err)
	}
	got, err := bundle.Read(r)
	if err != nil || len(got.Articles) != len(d.Articles) || len(got.Annotations) != len(d.Annotations) {
		t.Fatalf("decrypted bundle: %v", err)
	}

	zipOut := filepath.Join(dir, "tables.zip")
	if _, err := Run(context.Background(), Options{Format: "csv", Out: zipOut, Recipients: rs}, load, nil); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(zipOut)
	defer f.Close()
	zr, err := seal.Decrypt(f, []age.Identity{id})
	if err != nil {
		t.Fatal(err)
	}
	if head, _ := io.ReadAll(io.LimitReader(zr, 2)); string(head) != "PK" {
		t.Errorf("decrypted csv zip starts %q", head)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left in the folder: %v", entries)
	}
}

func TestEncryptionNeedsOneFile(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	dir := t.TempDir()
	for _, o := range []Options{
		{Format: "csv", Out: filepath.Join(dir, "tables")},
		{Format: "brat", Out: filepath.Join(dir, "brat")},
		{Format: "conll", Out: filepath.Join(dir, "x.conll")},
		{Format: "labelstudio", Out: filepath.Join(dir, "ls.json")},
	} {
		o.Recipients = []age.Recipient{id.Recipient()}
		if err := o.Check(); err == nil || !strings.Contains(err.Error(), "cannot be encrypted") {
			t.Errorf("%s: %v", o.Format, err)
		}
	}
}
