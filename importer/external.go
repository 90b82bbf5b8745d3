package importer

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"daftar/ingest/annotations"
	"daftar/model"
	"daftar/storage"
)

// External formats: annotations made in another tool, imported onto the
// archive's articles (matched by their text), not new articles.
const (
	FormatDoccano = "doccano"
	FormatBrat    = "brat"
)

// IsExternal reports whether format names annotations from another tool.
func IsExternal(format string) bool { return format == FormatDoccano || format == FormatBrat }

// RunExternal attaches the annotations of doccano JSONL files or brat
// standoff pairs (a .ann with its .txt, or folders of them) to the archive
// articles with the same text. Each file's annotations are stored in one
// transaction; spans that cannot be attached (no such article, a quote that
// differs, an unknown label) are reported, and the rest of the file is
// still attached. offsets is the doccano files' unit (codepoint or utf16).
func RunExternal(ctx context.Context, store *storage.Store, paths []string, format, offsets, actor string, progress func(Progress)) (*Report, error) {
	files, err := externalFiles(paths, format)
	if err != nil {
		return nil, err
	}
	schema, err := store.Schema(ctx)
	if err != nil {
		return nil, err
	}
	find := func(sha string) (model.Article, bool) {
		a, err := store.ArticleByFingerprint(ctx, sha)
		if err != nil {
			return model.Article{}, false
		}
		return *a, true
	}
	rep := &Report{Entries: []Entry{}}
	for i, path := range files {
		if ctx.Err() != nil {
			rep.Cancelled = true
			return rep, nil
		}
		rep.Files++
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(files), Current: path})
		}
		docs, err := readExternal(path, format, offsets)
		if err != nil {
			rep.Failed++
			rep.Entries = append(rep.Entries, Entry{Path: path, Format: format, Status: StatusFailed, Reason: err.Error()})
			continue
		}
		anns, problems := annotations.Reattach(docs, find, schema, actor)
		if len(anns) > 0 {
			if _, err := store.CreateAnnotations(ctx, actor, anns); err != nil {
				rep.Failed++
				rep.Entries = append(rep.Entries, Entry{Path: path, Format: format, Status: StatusFailed, Reason: err.Error()})
				continue
			}
		}
		e := Entry{Path: path, Format: format, Status: StatusAttached, Annotations: len(anns), Warnings: problems}
		if len(anns) == 0 && len(problems) > 0 {
			e.Status, e.Reason, e.Warnings = StatusFailed, fmt.Sprintf("no annotation could be attached: %s", problems[0]), problems[1:]
			if strings.Contains(problems[0], annotations.Refused) {
				e.Reason = problems[0]
			}
			rep.Failed++
		}
		rep.Warnings += len(e.Warnings)
		rep.Entries = append(rep.Entries, e)
	}
	return rep, nil
}

// externalFiles lists the files to read: for brat the .ann files (their
// .txt is found beside them), for doccano every file given or found.
func externalFiles(paths []string, format string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			ext := strings.ToLower(filepath.Ext(path))
			if (format == FormatBrat && ext == ".ann") || (format == FormatDoccano && (ext == ".jsonl" || ext == ".json")) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

func readExternal(path, format, offsets string) ([]annotations.Doc, error) {
	if format == FormatDoccano {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return annotations.ReadDoccano(f, offsets)
	}
	annPath := path
	if strings.EqualFold(filepath.Ext(path), ".txt") {
		annPath = strings.TrimSuffix(path, filepath.Ext(path)) + ".ann"
	}
	txtPath := strings.TrimSuffix(annPath, filepath.Ext(annPath)) + ".txt"
	txt, err := os.Open(txtPath)
	if err != nil {
		return nil, fmt.Errorf("brat needs the .txt beside the .ann: %w", err)
	}
	defer txt.Close()
	ann, err := os.Open(annPath)
	if err != nil {
		return nil, err
	}
	defer ann.Close()
	doc, err := annotations.ReadBrat(txt, ann)
	if err != nil {
		return nil, err
	}
	doc.Name = filepath.Base(txtPath)
	return []annotations.Doc{doc}, nil
}
