package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"daftar/agreement"
	"daftar/model"
	"daftar/storage"
)

// agreementArchive writes an archive with a set "study" of n generated
// articles of about 350 words, each coded by three coders with spansPer
// spans (the second and third coder copying the first with a moved
// boundary or another type now and then).
func agreementArchive(b *testing.B, n, spansPer int) string {
	b.Helper()
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "study.db")
	st, err := storage.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	rng := rand.New(rand.NewPCG(7, 8))
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	arts := make([]model.Article, n)
	var sb strings.Builder
	for i := range arts {
		sb.Reset()
		fmt.Fprintf(&sb, "خبر %d\n\n", i)
		for range 350 {
			for range 2 + rng.IntN(6) {
				sb.WriteRune(letters[rng.IntN(len(letters))])
			}
			sb.WriteByte(' ')
		}
		arts[i] = model.Article{Title: fmt.Sprint("خبر ", i), Text: strings.TrimSpace(sb.String())}
	}
	added, err := st.AddArticles(ctx, arts)
	if err != nil {
		b.Fatal(err)
	}
	types := []string{"PER", "ORG", "LOC", "MISC"}
	var anns []model.Annotation
	ids := make([]string, n)
	for i, r := range added {
		ids[i] = r.ID
		text := []rune(arts[i].Text)
		toks := agreement.Tokenize(arts[i].Text)
		for range spansPer {
			s := rng.IntN(len(toks) - 3)
			e := s + rng.IntN(2)
			typ := types[rng.IntN(len(types))]
			for _, coder := range []string{"amal", "badr", "cala"} {
				start, end, ct := toks[s].Start, toks[e].End, typ
				switch rng.IntN(10) {
				case 0:
					end = toks[e+1].End
				case 1:
					ct = types[rng.IntN(len(types))]
				}
				anns = append(anns, model.Annotation{ArticleID: r.ID, Type: ct, Start: start, End: end, Quote: string(text[start:end]), Annotator: coder})
			}
		}
	}
	if _, err := st.CreateAnnotations(ctx, "gen", anns); err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateSet(ctx, "gen", model.Set{Name: "study", ArticleIDs: ids}); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkAgreementCommand is the whole `daftar agreement` command (open
// the archive, read the set, compute with 1,000-resample intervals, print)
// on 1,000 articles, 3 coders and 30,000 annotations.
func BenchmarkAgreementCommand(b *testing.B) {
	db := agreementArchive(b, 1000, 10)
	var errb bytes.Buffer
	for b.Loop() {
		if code := Run(context.Background(), []string{"--db", db, "agreement", "--set", "study"}, io.Discard, &errb); code != ExitOK {
			b.Fatalf("agreement: %d %s", code, errb.String())
		}
	}
}
