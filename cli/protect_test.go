package cli

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"daftar/model"
	"daftar/seal"
)

// keygen, then a bundle encrypted to the public key comes back into another
// archive with the secret key, and is refused with another key or after one
// flipped byte, writing nothing.
func TestEncryptedBundleWithKeys(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	writeFile(t, dir, "one.txt", storyAR)
	if code, _, errOut := run(t, a, "import", filepath.Join(dir, "one.txt")); code != ExitOK {
		t.Fatal(errOut)
	}
	key, other := filepath.Join(dir, "me.key"), filepath.Join(dir, "other.key")
	code, out, errOut := run(t, a, "keygen", "--out", key)
	if code != ExitOK {
		t.Fatal(errOut)
	}
	pub := strings.TrimSpace(out[strings.Index(out, "age1"):])
	// Windows has no permission bits: a file there reads as 0666 or 0444.
	if fi, _ := os.Stat(key); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode %v", fi.Mode().Perm())
	}
	if code, _, errOut := run(t, a, "keygen", "--out", key); code != ExitFail || !strings.Contains(errOut, "never overwritten") {
		t.Errorf("keygen over a key: %d %s", code, errOut)
	}
	run(t, a, "keygen", "--out", other)

	sealed := filepath.Join(dir, "share.json.age")
	if code, out, errOut := run(t, a, "export", "--format", "json", "--encrypt-to", pub, "--out", sealed); code != ExitOK || !strings.Contains(out, "encrypted") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	data, _ := os.ReadFile(sealed)
	flipped := writeFile(t, dir, "flipped.json.age", string(data[:len(data)-40])+string(data[len(data)-40]^1)+string(data[len(data)-39:]))
	for _, c := range []struct{ path, key, want string }{
		{sealed, other, "share.json.age: cannot decrypt: wrong key or passphrase"},
		{flipped, key, "flipped.json.age: cannot decrypt: damaged or altered"},
	} {
		code, _, errOut := run(t, b, "import", "--identity", c.key, c.path)
		if code != ExitFail || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
			t.Errorf("import %s with %s: %d %q", filepath.Base(c.path), filepath.Base(c.key), code, errOut)
		}
		if _, out, _ := run(t, b, "list"); strings.TrimSpace(out) != "" {
			t.Errorf("refused import wrote articles: %q", out)
		}
	}
	if code, out, errOut := run(t, b, "import", "--identity", key, sealed); code != ExitOK || !strings.Contains(out, "bundle merged: 1 articles") {
		t.Errorf("import: %d %s %s", code, out, errOut)
	}
}

// A passphrase comes from a file or $DAFTAR_PASSPHRASE, never argv.
func TestEncryptedBundleWithPassphrase(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.db")
	writeFile(t, dir, "one.txt", storyAR)
	run(t, a, "import", filepath.Join(dir, "one.txt"))
	pass := writeFile(t, dir, "pass.txt", "a long passphrase for the border\n")
	sealed := filepath.Join(dir, "share.age")
	if code, _, errOut := run(t, a, "export", "--format", "json", "--passphrase-file", pass, "--out", sealed); code != ExitOK {
		t.Fatal(errOut)
	}
	t.Setenv("DAFTAR_PASSPHRASE", "a long passphrase for the border")
	if code, out, errOut := run(t, filepath.Join(dir, "b.db"), "import", sealed); code != ExitOK || !strings.Contains(out, "bundle merged: 1 articles") {
		t.Errorf("import: %d %s %s", code, out, errOut)
	}
	t.Setenv("DAFTAR_PASSPHRASE", "a wrong one")
	if code, _, errOut := run(t, filepath.Join(dir, "c.db"), "import", sealed); code != ExitFail || !strings.Contains(errOut, "share.age: cannot decrypt: wrong key or passphrase") {
		t.Errorf("wrong passphrase: %d %s", code, errOut)
	}
	for _, args := range [][]string{
		{"export", "--format", "json", "--passphrase", "--encrypt-to", "age1x", "--out", filepath.Join(dir, "x")},
		{"export", "--format", "json", "--passphrase"},
		{"export", "--format", "json", "--redact", "notes"},
		{"export", "--format", "json", "--redact", "text", "--out", filepath.Join(dir, "y")},
	} {
		if code, _, _ := run(t, a, args...); code != ExitUsage {
			t.Errorf("%q: exit %d, want usage", args, code)
		}
	}
}

// --redact reaches the export and says where the key went.
func TestExportRedact(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	annotatedArchive(t, db, storyAR, func(art *model.Article) []model.Annotation {
		return []model.Annotation{{ArticleID: art.ID, Kind: model.KindEntity, Type: "GPE", Start: 0, End: 4, Quote: "باكو",
			Annotator: "Layla Qassem-Haddadi", Note: "private note Quokka"}}
	})
	out := filepath.Join(dir, "shared.jsonl")
	code, stdout, errOut := run(t, db, "export", "--format", "jsonl", "--redact", "annotators,notes,origins", "--out", out)
	if code != ExitOK || !strings.Contains(stdout, out+".redaction-map.csv") {
		t.Fatalf("%d %s %s", code, stdout, errOut)
	}
	data, _ := os.ReadFile(out)
	for _, s := range []string{"Layla", "Quokka", "story.txt"} {
		if strings.Contains(string(data), s) {
			t.Errorf("export still holds %q", s)
		}
	}
	if !strings.Contains(string(data), "coder-1") {
		t.Errorf("no pseudonym in %s", data)
	}
	if key, _ := os.ReadFile(out + ".redaction-map.csv"); !strings.Contains(string(key), "coder-1,Layla Qassem-Haddadi") {
		t.Errorf("key %q", key)
	}
}

// backup --encrypt-to writes an age file that decrypts to a working
// archive, and leaves no plain copy in the temporary folder.
func TestEncryptedBackup(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp)
	db := filepath.Join(dir, "a.db")
	writeFile(t, dir, "one.txt", storyAR)
	run(t, db, "import", filepath.Join(dir, "one.txt"))
	key := filepath.Join(dir, "me.key")
	_, out, _ := run(t, db, "keygen", "--out", key)
	pub := strings.TrimSpace(out[strings.Index(out, "age1"):])
	backup := filepath.Join(dir, "a.db.age")
	if code, out, errOut := run(t, db, "backup", "--encrypt-to", pub, backup); code != ExitOK || !strings.Contains(out, "encrypted backup") {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "backup", "--encrypt-to", pub, backup); code != ExitFail || !strings.Contains(errOut, "file exists") {
		t.Errorf("over an existing file: %d %s", code, errOut)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
	ids, err := seal.Identities(key)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(backup)
	defer f.Close()
	r, err := seal.Decrypt(f, ids)
	if err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(dir, "restored.db")
	plain, _ := io.ReadAll(r)
	os.WriteFile(restored, plain, 0o600)
	if code, out, errOut := run(t, restored, "list"); code != ExitOK || strings.Count(out, "\n") != 1 {
		t.Errorf("restored archive: %d %q %s", code, out, errOut)
	}
}
