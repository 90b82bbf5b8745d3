package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"daftar/bundle"
	"daftar/seal"
	"daftar/storage"
)

// sealedBundle exports store A's archive as a bundle encrypted to rs.
func sealedBundle(t *testing.T, rs []age.Recipient) (path string, articles int) {
	t.Helper()
	ctx := context.Background()
	a := openStore(t)
	if rep, err := Run(ctx, a, []string{writeStories(t, 3)}, Options{Actor: "t"}, nil); err != nil || rep.Imported != 3 {
		t.Fatalf("%+v %v", rep, err)
	}
	b, err := a.ExportBundle(ctx, storage.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := seal.Encrypt(&buf, rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := bundle.Write(w, b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	path = filepath.Join(t.TempDir(), "share.json.age")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, len(b.Articles)
}

func articleCount(t *testing.T, s *storage.Store) int {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Articles
}

func keyUnlock(id age.Identity) func(string) ([]age.Identity, error) {
	return func(string) ([]age.Identity, error) { return []age.Identity{id}, nil }
}

// An encrypted bundle merges with the right key, and with a wrong key, a
// flipped byte or no way to unlock it fails with the file named in the
// report and nothing written.
func TestSealedBundleRoundTripAndRefusals(t *testing.T) {
	ctx := context.Background()
	right, _ := age.GenerateX25519Identity()
	wrong, _ := age.GenerateX25519Identity()
	path, n := sealedBundle(t, []age.Recipient{right.Recipient()})
	data, _ := os.ReadFile(path)
	flipped := filepath.Join(filepath.Dir(path), "flipped.json.age")
	bad := bytes.Clone(data)
	bad[len(bad)/2] ^= 0x20
	os.WriteFile(flipped, bad, 0o600)

	for _, c := range []struct {
		name   string
		path   string
		unlock func(string) ([]age.Identity, error)
		want   error
	}{
		{"wrong key", path, keyUnlock(wrong), seal.ErrWrongKey},
		{"flipped byte", flipped, keyUnlock(right), seal.ErrDamaged},
		{"no unlock", path, nil, nil},
		{"unlock fails", path, func(string) ([]age.Identity, error) { return nil, errors.New("no terminal") }, nil},
	} {
		b := openStore(t)
		rep, err := Run(ctx, b, []string{c.path}, Options{Actor: "t", Unlock: c.unlock}, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rep.Failed != 1 || rep.Entries[0].Path != c.path || articleCount(t, b) != 0 {
			t.Errorf("%s: report %+v, %d articles", c.name, rep, articleCount(t, b))
		}
		if c.want != nil && !strings.Contains(rep.Entries[0].Reason, c.want.Error()) {
			t.Errorf("%s: reason %q, want %q", c.name, rep.Entries[0].Reason, c.want)
		}
	}

	b := openStore(t)
	calls := 0
	unlock := func(string) ([]age.Identity, error) { calls++; return []age.Identity{right}, nil }
	plainDir := writeStories(t, 1)
	rep, err := Run(ctx, b, []string{path, plainDir}, Options{Actor: "t", Unlock: unlock}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || rep.Files != 2 || rep.Entries[0].Status != StatusMerged || rep.Entries[0].Bundle.ArticlesAdded != n || calls != 1 {
		t.Fatalf("report %+v, unlock called %d times", rep, calls)
	}
	// The plain story is one the bundle already brought.
	if got := articleCount(t, b); got != n || rep.Duplicates != 1 {
		t.Errorf("%d articles, %d duplicates, want %d and 1", got, rep.Duplicates, n)
	}
}

// An encrypted file that is not a bundle says so once decrypted.
func TestSealedNotABundle(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	w, _ := seal.Encrypt(&buf, []age.Recipient{id.Recipient()})
	w.Write([]byte("just some text\n"))
	w.Close()
	path := filepath.Join(t.TempDir(), "notes.txt.age")
	os.WriteFile(path, buf.Bytes(), 0o600)
	rep, err := Run(context.Background(), openStore(t), []string{path}, Options{Unlock: keyUnlock(id)}, nil)
	if err != nil || rep.Failed != 1 || !strings.Contains(rep.Entries[0].Reason, "only encrypted Daftar bundles") {
		t.Errorf("%+v %v", rep, err)
	}
}

// Inside a folder an encrypted file is not opened (no key is asked for a
// folder walk) but named as encrypted, binary or armored, never imported
// as text.
func TestSealedInFolderIsNamed(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	path, _ := sealedBundle(t, []age.Recipient{id.Recipient()})
	dir := t.TempDir()
	data, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(dir, "a.age"), data, 0o600)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"), 0o600)
	store := openStore(t)
	rep, err := Run(context.Background(), store, []string{dir}, Options{Unlock: keyUnlock(id)}, nil)
	if err != nil || rep.Failed != 2 || articleCount(t, store) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	for _, en := range rep.Entries {
		if !strings.Contains(en.Reason, "encrypted with age") {
			t.Errorf("%s: %q", en.Path, en.Reason)
		}
	}
}
