package seal

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

func sealed(t *testing.T, rs []age.Recipient, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := Encrypt(&buf, rs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(data []byte, ids []age.Identity) ([]byte, error) {
	r, err := Decrypt(bytes.NewReader(data), ids)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func newKey(t *testing.T) ([]age.Identity, []age.Recipient) {
	t.Helper()
	secret, pub, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.txt")
	if err := os.WriteFile(path, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	ids, err := Identities(path)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Recipients([]string{pub}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ids, rs
}

// More than one 64 KiB chunk, so a flipped byte in the middle hits a chunk
// that is not the last.
var plain = bytes.Repeat([]byte("وفي طرابلس قال الشاهد ... "), 8000)

func TestKeyRoundTripWrongKeyAndTampering(t *testing.T) {
	ids, rs := newKey(t)
	other, _ := newKey(t)
	data := sealed(t, rs, plain)
	if !bytes.HasPrefix(data, []byte(Header)) {
		t.Fatalf("no age header: %q", data[:30])
	}
	got, err := open(data, ids)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("round trip: %v, %d bytes of %d", err, len(got), len(plain))
	}
	if _, err := open(data, other); !errors.Is(err, ErrWrongKey) {
		t.Errorf("other key: %v, want ErrWrongKey", err)
	}
	for _, at := range []int{20, len(data) / 2, len(data) - 1} {
		bad := bytes.Clone(data)
		bad[at] ^= 0x01
		if _, err := open(bad, ids); !errors.Is(err, ErrDamaged) {
			t.Errorf("byte %d of %d flipped: %v, want ErrDamaged", at, len(data), err)
		}
	}
	if _, err := open(data[:len(data)-100], ids); !errors.Is(err, ErrDamaged) {
		t.Errorf("cut short: %v, want ErrDamaged", err)
	}
}

func TestPassphrase(t *testing.T) {
	defer func(w int) { workFactor = w }(workFactor)
	workFactor = 10
	rs, err := Passphrase("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	data := sealed(t, rs, []byte("notes"))
	ids, _ := PassphraseIdentity("correct horse")
	if got, err := open(data, ids); err != nil || string(got) != "notes" {
		t.Fatalf("round trip: %q %v", got, err)
	}
	wrong, _ := PassphraseIdentity("wrong horse")
	if _, err := open(data, wrong); !errors.Is(err, ErrWrongKey) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := Passphrase(""); err == nil {
		t.Error("empty passphrase accepted")
	}
}

func TestIsSealedAndRecipients(t *testing.T) {
	dir := t.TempDir()
	_, rs := newKey(t)
	enc := filepath.Join(dir, "b.json.age")
	os.WriteFile(enc, sealed(t, rs, []byte("{}")), 0o600)
	clear := filepath.Join(dir, "b.json")
	os.WriteFile(clear, []byte(`{"format":"daftar-bundle"}`), 0o600)
	short := filepath.Join(dir, "s")
	os.WriteFile(short, []byte("age"), 0o600)
	for path, want := range map[string]bool{enc: true, clear: false, short: false} {
		if got, err := IsSealed(path); err != nil || got != want {
			t.Errorf("%s: %v %v, want %v", filepath.Base(path), got, err, want)
		}
	}
	_, pub, _ := NewKey()
	list := filepath.Join(dir, "team.txt")
	os.WriteFile(list, []byte("# the coders\n"+pub+"\n\n"), 0o600)
	got, err := Recipients(nil, []string{list})
	if err != nil || len(got) != 1 {
		t.Errorf("recipients file: %d %v", len(got), err)
	}
	if _, err := Recipients([]string{"ssh-ed25519 AAAA"}, nil); err == nil || !strings.Contains(err.Error(), "ssh-ed25519") {
		t.Errorf("bad key: %v", err)
	}
}
