package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"daftar/ingest"
)

// FilePreview is what one chosen file or folder holds, read but not
// stored: what the import dialog shows before the import.
type FilePreview struct {
	Path        string
	Formats     []string // as detected or forced, sorted: several for a folder
	Articles    int
	Failed      int    // files (or ZIP entries) that did not read
	Err         string // the first failure, with its path
	First, Last string // published dates, ISO 8601
	Sources     int    // distinct sources
	Bundles     int
}

// Preview reads a path as Run would, with the given format ("" to
// detect), and sums up what it holds. It stores nothing and holds one
// Item at a time, so a large file costs a read, not memory.
func Preview(ctx context.Context, path string, opts ingest.Options) (FilePreview, error) {
	p := FilePreview{Path: path}
	sources := map[string]bool{}
	formats := map[string]bool{}
	err := ingest.Read(ctx, []string{path}, opts, func(it ingest.Item) error {
		if it.Format != "" {
			formats[it.Format] = true
		}
		switch {
		case it.Err != nil:
			p.Failed++
			if p.Err == "" {
				p.Err = fmt.Sprintf("%s: %v", it.Path, it.Err)
			}
		case it.Bundle != nil:
			p.Bundles++
		}
		for _, a := range it.Articles {
			p.Articles++
			if a.Source != "" {
				sources[strings.ToLower(a.Source)] = true
			}
			if d := a.Published; d != "" {
				if p.First == "" || d < p.First {
					p.First = d
				}
				if d > p.Last {
					p.Last = d
				}
			}
		}
		return nil
	})
	p.Sources = len(sources)
	for f := range formats {
		p.Formats = append(p.Formats, f)
	}
	slices.Sort(p.Formats)
	return p, err
}
