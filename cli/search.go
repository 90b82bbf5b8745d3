package cli

import (
	"fmt"
	"strings"

	"daftar/query"
	"daftar/storage"
)

func runSearch(e *env, args []string) (code int) {
	fs := e.newFlags("search")
	limit := fs.Int("limit", storage.DefaultSearchLimit, fmt.Sprintf("at most N hits (up to %d)", storage.MaxSearchLimit))
	offset := fs.Int("offset", 0, "skip the first N hits (paging)")
	lang := fs.String("lang", "", "only articles in this language (e.g. ar)")
	source := fs.String("source", "", "only articles from this source")
	from := fs.String("from", "", "only articles published on or after this date (YYYY[-MM[-DD]])")
	to := fs.String("to", "", "only articles published on or before this date")
	set := fs.String("set", "", "only the articles of this set")
	typ := fs.String("type", "", "only articles with an annotation of this type")
	entity := fs.String("entity", "", "only articles mentioning this entity id")
	verdict := fs.String("verdict", "", "only articles with a claim of this verdict")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if *limit < 0 || *offset < 0 {
		return e.usageError(fs, "--limit and --offset must not be negative")
	}
	store, err := e.open(reading)
	if err != nil {
		return e.fail(err)
	}
	defer e.closeStore(store, &code)
	req := storage.SearchRequest{Query: strings.Join(pos, " "), Language: *lang, Source: *source, From: *from, To: *to,
		AnnotationType: *typ, EntityID: *entity, Verdict: *verdict, Limit: *limit, Offset: *offset}
	if *set != "" {
		st, err := store.SetByName(e.ctx, *set)
		if err != nil {
			return e.fail(err)
		}
		req.SetID = st.ID
	}
	res, err := store.Search(e.ctx, req)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		return e.writeJSON(res)
	}
	fmt.Fprintf(e.stdout, "%d articles match", res.Total)
	if res.Query != "" {
		fmt.Fprintf(e.stdout, " %s", res.Query)
	}
	fmt.Fprintln(e.stdout)
	for _, h := range res.Hits {
		fmt.Fprintf(e.stdout, "\n%s  %s  %s\n", h.ID, h.Published, h.Title)
		if h.Snippet != "" {
			fmt.Fprintf(e.stdout, "    %s\n", markSpans(h.Snippet, h.SnippetOffset, h.Spans))
		}
	}
	return ExitOK
}

// markSpans wraps the matches that fall inside the snippet in [brackets],
// so that a terminal shows what was found.
func markSpans(snippet string, offset int, spans []query.Span) string {
	runes := []rune(snippet)
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		s, en := sp.Start-offset, sp.End-offset
		if s < pos || en > len(runes) {
			continue
		}
		b.WriteString(string(runes[pos:s]))
		b.WriteString("[" + string(runes[s:en]) + "]")
		pos = en
	}
	b.WriteString(string(runes[pos:]))
	return strings.Join(strings.Fields(b.String()), " ")
}

// searchIDs returns the ids of every article a search finds, for export
// --query.
func searchIDs(e *env, store *storage.Store, q string) ([]string, error) {
	ids := []string{}
	for offset := 0; ; offset += storage.MaxSearchLimit {
		res, err := store.Search(e.ctx, storage.SearchRequest{Query: q, Limit: storage.MaxSearchLimit, Offset: offset, SnippetRunes: 1})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < storage.MaxSearchLimit {
			return ids, nil
		}
	}
}
