// Package seal encrypts exports and decrypts bundles with age
// (age-encryption.org/v1): to X25519 public keys ("age1…") or to a
// passphrase (scrypt). age authenticates every 64 KiB chunk and the header,
// so a wrong key, a wrong passphrase and an altered file are all refused;
// callers read a sealed file to its end before they write anything.
package seal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// Header is how every binary age file begins.
const Header = "age-encryption.org/v1"

// armorHeader begins an ASCII-armored age file (age -a).
const armorHeader = "-----BEGIN AGE ENCRYPTED FILE-----"

// ErrWrongKey is returned when none of the given identities or passphrase
// opens a file.
var ErrWrongKey = errors.New("wrong key or passphrase")

// ErrDamaged is returned when a file is not a whole, unaltered age file.
var ErrDamaged = errors.New("damaged or altered")

// IsSealed reports whether the file at path is an age file, by its header.
func IsSealed(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(armorHeader))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return HasHeader(head[:n]), nil
}

// HasHeader reports whether data begins like an age file, binary or armored.
func HasHeader(data []byte) bool {
	return bytes.HasPrefix(data, []byte(Header)) || bytes.HasPrefix(data, []byte(armorHeader))
}

// Recipients parses age public keys given on the command line and the
// recipient files named (one key a line, # comments, as age -R reads).
func Recipients(keys, files []string) ([]age.Recipient, error) {
	var rs []age.Recipient
	for _, k := range keys {
		r, err := age.ParseX25519Recipient(strings.TrimSpace(k))
		if err != nil {
			return nil, fmt.Errorf("recipient %q is not an age public key (age1…): %w", k, err)
		}
		rs = append(rs, r)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		got, err := age.ParseRecipients(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rs = append(rs, got...)
	}
	return rs, nil
}

// workFactor is scrypt's log2 cost: 18, age's own default, takes about a
// second; this package's tests lower it.
var workFactor = 18

// Passphrase is the one recipient of a passphrase-encrypted file.
func Passphrase(p string) ([]age.Recipient, error) {
	if p == "" {
		return nil, errors.New("empty passphrase")
	}
	r, err := age.NewScryptRecipient(p)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(workFactor)
	return []age.Recipient{r}, nil
}

// PassphraseIdentity opens files encrypted with Passphrase(p).
func PassphraseIdentity(p string) ([]age.Identity, error) {
	id, err := age.NewScryptIdentity(p)
	if err != nil {
		return nil, err
	}
	return []age.Identity{id}, nil
}

// Identities reads an age identity file (the secret keys age-keygen and
// daftar keygen write).
func Identities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// Encrypt wraps w so that what is written to it reaches w encrypted; Close
// writes the last chunk (it does not close w).
func Encrypt(w io.Writer, rs []age.Recipient) (io.WriteCloser, error) {
	return age.Encrypt(w, rs...)
}

// Decrypt returns the plaintext of the age file r. A key or passphrase that
// does not fit gives ErrWrongKey; a bad header, and later any chunk that
// fails authentication or a cut-off end, gives ErrDamaged.
func Decrypt(r io.Reader, ids []age.Identity) (io.Reader, error) {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if head, _ := br.Peek(len(armorHeader)); bytes.Equal(head, []byte(armorHeader)) {
		src = armor.NewReader(br)
	}
	pr, err := age.Decrypt(src, ids...)
	if err != nil {
		var none *age.NoIdentityMatchError
		if errors.As(err, &none) {
			return nil, ErrWrongKey
		}
		return nil, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	return damaged{pr}, nil
}

// damaged names a failed read as a DamagedError, keeping io.EOF as it is.
type damaged struct{ r io.Reader }

func (d damaged) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = &DamagedError{err}
	}
	return n, err
}

// DamagedError is a read of the plaintext that failed authentication; a
// reader that wraps it (a JSON decoder) can still be told by errors.As.
type DamagedError struct{ Err error }

func (e *DamagedError) Error() string        { return fmt.Sprintf("%v (%v)", ErrDamaged, e.Err) }
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// NewKey returns a new X25519 identity in the form age-keygen writes (a
// comment with the public key, then the secret key) and its public key.
func NewKey() (secret, public string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", err
	}
	pub := id.Recipient().String()
	return "# public key: " + pub + "\n" + id.String() + "\n", pub, nil
}
