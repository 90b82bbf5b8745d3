package importer

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"daftar/ingest/annotations"
	"daftar/model"
	"daftar/storage"
)

// External formats: annotations made in another tool, imported onto the
// archive's articles (matched by their text), not new articles.
const (
	FormatDoccano     = "doccano"
	FormatBrat        = "brat"
	FormatLabelStudio = "labelstudio"
)

// IsExternal reports whether format names annotations from another tool.
func IsExternal(format string) bool {
	return format == FormatDoccano || format == FormatBrat || format == FormatLabelStudio || format == FormatQDPX
}

// RunExternal attaches the annotations of doccano JSONL files, brat
// standoff pairs (a .ann with its .txt, or folders of them) or Label Studio
// JSON task files to the archive articles with the same text. Each file's
// annotations are stored in one transaction; spans that cannot be attached
// (no such article, a quote that differs, an unknown label) are reported,
// and the rest of the file is still attached; a file its reader refuses
// (Label Studio: a region's text or unit does not match) attaches nothing. offsets is the doccano files' unit (codepoint or utf16).
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
		if format == FormatQDPX {
			e, err := importQDPX(ctx, store, path, actor, find)
			if err != nil {
				return nil, err
			}
			if e.Status == StatusFailed {
				rep.Failed++
			} else {
				rep.Imported += e.Bundle.ArticlesAdded
			}
			rep.Warnings += len(e.Warnings)
			rep.Entries = append(rep.Entries, e)
			continue
		}
		docs, skipped, err := readExternal(path, format, offsets)
		if err != nil {
			rep.Failed++
			rep.Entries = append(rep.Entries, Entry{Path: path, Format: format, Status: StatusFailed, Reason: err.Error()})
			continue
		}
		anns, problems := annotations.Reattach(docs, find, schema, actor)
		if anns, err = keepKnownEntities(ctx, store, anns, &problems); err != nil {
			return nil, err
		}
		problems = append(skipped, problems...)
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
			if (format == FormatBrat && ext == ".ann") || (format == FormatDoccano && (ext == ".jsonl" || ext == ".json")) ||
				(format == FormatLabelStudio && ext == ".json") || (format == FormatQDPX && (ext == ".qdpx" || ext == ".qde")) {
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

// readExternal reads one file; skipped lists what the file holds that
// cannot become annotations.
func readExternal(path, format, offsets string) (docs []annotations.Doc, skipped []string, err error) {
	if format == FormatDoccano || format == FormatLabelStudio {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		if format == FormatLabelStudio {
			return annotations.ReadLabelStudio(f)
		}
		docs, err := annotations.ReadDoccano(f, offsets)
		return docs, nil, err
	}
	annPath := path
	if strings.EqualFold(filepath.Ext(path), ".txt") {
		annPath = strings.TrimSuffix(path, filepath.Ext(path)) + ".ann"
	}
	txtPath := strings.TrimSuffix(annPath, filepath.Ext(annPath)) + ".txt"
	txt, err := os.Open(txtPath)
	if err != nil {
		return nil, nil, fmt.Errorf("brat needs the .txt beside the .ann: %w", err)
	}
	defer txt.Close()
	ann, err := os.Open(annPath)
	if err != nil {
		return nil, nil, err
	}
	defer ann.Close()
	doc, err := annotations.ReadBrat(txt, ann)
	if err != nil {
		return nil, nil, err
	}
	doc.Name = filepath.Base(txtPath)
	return []annotations.Doc{doc}, nil, nil
}

// keepKnownEntities drops entity links (entity, claimant, targets) to
// entities this archive does not hold, with one problem line each: the file
// names entities by another archive's ids, and a dangling link cannot be
// stored.
func keepKnownEntities(ctx context.Context, store *storage.Store, anns []model.Annotation, problems *[]string) ([]model.Annotation, error) {
	var ids []string
	for _, a := range anns {
		ids = append(ids, a.EntityID, a.ClaimantID)
		ids = append(ids, a.TargetIDs...)
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == "" })
	if len(ids) == 0 {
		return anns, nil
	}
	known, err := store.EntitiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	keep := func(a *model.Annotation, id string) bool {
		if known[id] != nil {
			return true
		}
		*problems = append(*problems, fmt.Sprintf("annotation %d-%d %s %q: link to entity %s dropped: no such entity in this archive", a.Start, a.End, a.Type, a.Quote, id))
		return false
	}
	for i := range anns {
		a := &anns[i]
		if a.EntityID != "" && !keep(a, a.EntityID) {
			a.EntityID = ""
		}
		if a.ClaimantID != "" && !keep(a, a.ClaimantID) {
			a.ClaimantID = ""
		}
		a.TargetIDs = slices.DeleteFunc(a.TargetIDs, func(id string) bool { return !keep(a, id) })
	}
	return anns, nil
}
