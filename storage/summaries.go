package storage

import (
	"cmp"
	"slices"
)

// The library sorts and filters the summaries it holds in memory (a search
// answer, or the whole archive listed once) instead of asking again; these
// keep that in step with ListArticles' ORDER BY.

// CompareNoCase orders two strings as SQLite's COLLATE NOCASE does: ASCII
// letters compare without case; every other byte, so all of Arabic and
// accented Latin letters, compares as it is.
func CompareNoCase(a, b string) int {
	for i := range min(len(a), len(b)) {
		if ca, cb := lowerASCII(a[i]), lowerASCII(b[i]); ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Compare(len(a), len(b))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// compareSummaries orders two summaries ascending by one of the Sort
// columns. SortImported compares ImportedAt, whose strings sort like times.
func compareSummaries(a, b *ArticleSummary, by string) int {
	switch by {
	case SortTitle:
		return CompareNoCase(a.Title, b.Title)
	case SortSource:
		return CompareNoCase(a.Source, b.Source)
	case SortPublished:
		return cmp.Compare(a.Published, b.Published)
	case SortAnnotations:
		return cmp.Compare(a.Annotations, b.Annotations)
	case SortImported:
		return cmp.Compare(a.ImportedAt, b.ImportedAt)
	}
	return 0
}

// SortSummaries orders rows by a Sort column like ListArticles; ties keep
// their order (a search's relevance). by "" leaves rows as they are.
// summary returns a row's summary.
func SortSummaries[T any](rows []T, summary func(*T) *ArticleSummary, by string, desc bool) {
	if by == "" {
		return
	}
	slices.SortStableFunc(rows, func(a, b T) int {
		if desc {
			return compareSummaries(summary(&b), summary(&a), by)
		}
		return compareSummaries(summary(&a), summary(&b), by)
	})
}

// AnnotationStatus narrows a list by what its articles hold.
type AnnotationStatus int

// Annotation status filters.
const (
	AnyStatus   AnnotationStatus = iota
	Annotated                    // at least one annotation
	Unannotated                  // none
	WithClaims                   // at least one claim
)

// Matches reports whether an article's counts pass the filter.
func (st AnnotationStatus) Matches(s *ArticleSummary) bool {
	switch st {
	case Annotated:
		return s.Annotations > 0
	case Unannotated:
		return s.Annotations == 0
	case WithClaims:
		return s.Claims > 0
	}
	return true
}

// FilterSummaries keeps, in place and in order, the rows whose summary
// passes st.
func FilterSummaries[T any](rows []T, summary func(*T) *ArticleSummary, st AnnotationStatus) []T {
	out := rows[:0]
	for i := range rows {
		if st.Matches(summary(&rows[i])) {
			out = append(out, rows[i])
		}
	}
	return out
}
