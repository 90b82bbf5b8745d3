package export

import (
	"io"
	"slices"

	"daftar/bundle"
	"daftar/model"
)

// writeJSON writes the Daftar bundle. bundle.Write sorts its slices in
// place, so it gets copies: the caller's bundle stays as it was.
func (j *job) writeJSON(w io.Writer) error {
	b := bundle.New()
	b.Schema = slices.Clone(j.d.Schema)
	b.Articles = append([]model.Article{}, j.d.Articles...)
	b.Entities = append([]model.Entity{}, j.d.Entities...)
	b.Annotations = append([]model.Annotation{}, j.d.Annotations...)
	b.Sets = make([]model.Set, len(j.d.Sets))
	for i, s := range j.d.Sets {
		s.ArticleIDs = slices.Clone(s.ArticleIDs)
		b.Sets[i] = s
	}
	// Check every span first (and report that as progress); the encoding
	// itself is one call and reports the last article when it is done.
	n := len(j.d.Articles)
	for i := range j.d.Articles {
		if _, _, err := j.article(&j.d.Articles[i]); err != nil {
			return err
		}
		if i < n-1 {
			if err := j.tick(); err != nil {
				return err
			}
		}
	}
	if err := bundle.Write(w, b); err != nil {
		return err
	}
	if n == 0 {
		return j.ctx.Err()
	}
	return j.tick()
}
