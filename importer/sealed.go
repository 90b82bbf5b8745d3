package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"filippo.io/age"

	"daftar/bundle"
	"daftar/ingest"
	"daftar/seal"
	"daftar/storage"
)

// splitSealed separates the age-encrypted files among paths (named
// directly, not found in folders) from the rest.
func splitSealed(paths []string) (sealed, plain []string) {
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			if ok, _ := seal.IsSealed(p); ok {
				sealed = append(sealed, p)
				continue
			}
		}
		plain = append(plain, p)
	}
	return sealed, plain
}

// openSealed decrypts an encrypted Daftar bundle and reads it whole, to the
// last authenticated byte, so that a wrong key, an altered byte anywhere or
// a cut-off end is found before anything is stored.
func openSealed(path string, ids []age.Identity) (*bundle.Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := seal.Decrypt(f, ids)
	if err != nil {
		return nil, fmt.Errorf("cannot decrypt: %w", err)
	}
	b, err := bundle.Read(r)
	if err != nil {
		if de := (*seal.DamagedError)(nil); errors.As(err, &de) {
			return nil, fmt.Errorf("cannot decrypt: %w", de)
		}
		return nil, fmt.Errorf("decrypted, but only encrypted Daftar bundles can be imported: %w", err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("cannot decrypt: %w", err)
	}
	return b, nil
}

// importSealed merges each encrypted bundle, asking opts.Unlock for the
// identities once, on the first file.
func importSealed(ctx context.Context, store *storage.Store, paths []string, opts Options, rep *Report, start string, tick func(path string, part int)) error {
	var ids []age.Identity
	var unlockErr error
	for i, path := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		tick(path, 0)
		if i == 0 {
			if opts.Unlock == nil {
				unlockErr = errors.New("encrypted: give an identity file or a passphrase")
			} else {
				ids, unlockErr = opts.Unlock(path)
			}
		}
		it := ingest.Item{Path: path, Format: "bundle", Err: unlockErr}
		if unlockErr == nil {
			it.Bundle, it.Err = openSealed(path, ids)
		}
		if _, err := storeItem(ctx, store, it, opts, rep, start, 0); err != nil {
			return err
		}
	}
	return nil
}
