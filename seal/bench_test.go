package seal

import (
	"bytes"
	"io"
	"testing"

	"filippo.io/age"
)

// The cost of an encrypted archive file: every open decrypts the whole
// file, every save encrypts it. go test -run - -bench . ./seal/
const benchSize = 64 << 20

func BenchmarkEncrypt(b *testing.B) {
	id, _ := age.GenerateX25519Identity()
	plain := bytes.Repeat([]byte("page "), benchSize/5)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		w, _ := Encrypt(io.Discard, []age.Recipient{id.Recipient()})
		w.Write(plain)
		w.Close()
	}
}

func BenchmarkDecrypt(b *testing.B) {
	id, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	w, _ := Encrypt(&buf, []age.Recipient{id.Recipient()})
	w.Write(bytes.Repeat([]byte("page "), benchSize/5))
	w.Close()
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		r, err := Decrypt(bytes.NewReader(buf.Bytes()), []age.Identity{id})
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, r)
	}
}
