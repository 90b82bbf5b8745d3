package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"daftar/seal"
)

var formatAliases = map[string]string{
	"text": "txt", "markdown": "md", "htm": "html", "ndjson": "jsonl", "daftar-bundle": "bundle", "feed": "rss",
}

var extFormats = map[string]string{
	".txt": "txt", ".text": "txt",
	".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md",
	".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
	".docx": "docx", ".docm": "docx",
	".pdf":  "pdf",
	".odt":  "odt",
	".xlsx": "xlsx", ".xlsm": "xlsx",
	".rtf": "rtf",
	".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
	".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
	".rss": "rss", ".atom": "atom", ".xml": "xml",
	".zip": "zip",
}

var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicOLE      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func isZipMagic(data []byte) bool {
	return bytes.HasPrefix(data, magicZip) || bytes.HasPrefix(data, magicZipEmpty)
}

// isZipPath: a .zip file is opened as an archive straight from disk (it may
// be larger than MaxFileSize; its entries are limited instead). --format
// applies to the entries, never to the archive.
func isZipPath(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".zip")
}

// detectFormat decides how to read a file: the forced format if any (but a
// ZIP is always opened), else magic bytes, else the extension, else a sniff
// of the first bytes. Files whose extension promises a binary format they
// do not have (a .docx that is plain text) fail here with a clear reason.
func detectFormat(name string, data []byte, forced string) (string, error) {
	forced = strings.ToLower(forced)
	if a, ok := formatAliases[forced]; ok {
		forced = a
	}
	ext := strings.ToLower(filepath.Ext(name))
	byExt := extFormats[ext]
	if isWARCName(name) {
		byExt = fmtWARC
	}
	if len(data) == 0 {
		f := byExt
		if forced != "" {
			f = forced
		}
		return f, errEmpty
	}
	isPDF := bytes.HasPrefix(data, []byte("%PDF-")) || bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-"))
	switch {
	case forced == "docx" || forced == "odt" || forced == "xlsx" || forced == "pdf":
		if forced != "pdf" && !isZipMagic(data) {
			return forced, notA(strings.ToUpper(forced), data)
		}
		if forced == "pdf" && !isPDF {
			return forced, notA("PDF", data)
		}
		return forced, nil
	case isZipMagic(data):
		if forced == "zip" || forced == "" && byExt == "zip" {
			return "zip", nil
		}
		return zipKind(ext, data)
	case seal.HasHeader(data):
		// Opened by the importer only when named itself, where a key can be asked for.
		return "", errors.New("encrypted with age: import the file itself, not the folder it is in")
	case bytes.HasPrefix(data, magicOLE):
		return "", fmt.Errorf("legacy Office file (.doc/.xls, Office 97-2003) is not supported; save it as .docx or .csv")
	case forced != "":
		return forced, nil
	case isPDF:
		return "pdf", nil
	case isWARCHead(data):
		return fmtWARC, nil
	}
	switch byExt {
	case "docx", "odt", "xlsx":
		return byExt, notA(strings.ToUpper(byExt), data)
	case "pdf":
		return "pdf", notA("PDF", data)
	case "zip":
		return "zip", fmt.Errorf("not a valid ZIP archive (no ZIP signature)")
	case "xml":
		if f := sniffMarkup(data); f == "rss" || f == "atom" {
			return f, nil
		}
		return "xml", fmt.Errorf("XML file is not an RSS or Atom feed")
	case "txt":
		if f := sniffMarkup(data); f == "html" {
			return f, nil // a page saved with a .txt name
		}
		return "txt", nil
	case "":
	default:
		return byExt, nil
	}
	if bytes.HasPrefix(data, []byte("{\\rtf")) {
		return "rtf", nil
	}
	if f := sniffMarkup(data); f != "" {
		return f, nil
	}
	if f := sniffJSON(data); f != "" {
		return f, nil
	}
	return "txt", nil
}

// zipKind tells a DOCX from other ZIP-based files by the entry names, which
// sit in clear text in the local headers.
func zipKind(ext string, data []byte) (string, error) {
	switch {
	case ext == ".docx" || ext == ".docm" || bytes.Contains(data, []byte("word/document.xml")):
		return "docx", nil
	case ext == ".xlsx" || ext == ".xlsm" || bytes.Contains(data, []byte("xl/workbook.xml")):
		return "xlsx", nil
	case ext == ".pptx" || bytes.Contains(data, []byte("ppt/presentation.xml")):
		return "", fmt.Errorf("PPTX presentations are not supported")
	case ext == ".odt" || bytes.Contains(data[:min(len(data), 200)], []byte("application/vnd.oasis.opendocument.text")):
		return "odt", nil
	case ext == ".ods" || ext == ".epub":
		return "", fmt.Errorf("%s files are not supported", strings.ToUpper(ext[1:]))
	}
	return "zip", nil
}

func notA(kind string, data []byte) error {
	what := "binary data"
	if _, _, err := decodeText(data[:min(len(data), 4096)]); err == nil {
		what = "plain text"
	}
	return fmt.Errorf("not a valid %s file (the content is %s)", kind, what)
}

// sniffMarkup looks at the first element of a document.
func sniffMarkup(data []byte) string {
	head := data[:min(len(data), 2048)]
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	h := strings.ToLower(strings.TrimSpace(string(head)))
	if !strings.HasPrefix(h, "<") {
		return ""
	}
	// Skip the XML declaration, comments and a doctype to the root element.
	for strings.HasPrefix(h, "<?") || strings.HasPrefix(h, "<!--") || strings.HasPrefix(h, "<!doctype") && !strings.HasPrefix(h, "<!doctype html") {
		end := ">"
		if strings.HasPrefix(h, "<!--") {
			end = "-->"
		}
		i := strings.Index(h, end)
		if i < 0 {
			return ""
		}
		h = strings.TrimSpace(h[i+len(end):])
	}
	switch {
	case strings.HasPrefix(h, "<rss"), strings.HasPrefix(h, "<rdf:rdf"):
		return "rss"
	case strings.HasPrefix(h, "<feed"):
		return "atom"
	case strings.HasPrefix(h, "<!doctype html"), strings.HasPrefix(h, "<html"), strings.HasPrefix(h, "<head"), strings.HasPrefix(h, "<body"):
		return "html"
	}
	return ""
}

// sniffJSON: "[" is a JSON array; "{" is JSONL when the first line is a
// complete object and another line follows, else one JSON document.
func sniffJSON(data []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("[")):
		return "json"
	case bytes.HasPrefix(t, []byte("{")):
		line, rest, _ := bytes.Cut(t, []byte("\n"))
		line = bytes.TrimSpace(line)
		if bytes.HasSuffix(line, []byte("}")) && len(bytes.TrimSpace(rest)) > 0 && bytes.HasPrefix(bytes.TrimSpace(rest), []byte("{")) {
			return "jsonl"
		}
		return "json"
	}
	return ""
}

// readLimited reads at most limit bytes and fails beyond, whatever the
// file's stated size (which a pipe or a growing file may not have).
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, oneLine(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("file is over the %s limit", humanBytes(limit))
	}
	return data, nil
}
