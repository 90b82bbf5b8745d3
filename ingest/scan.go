package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxRecordSize bounds the bytes of one CSV row, JSONL line or JSON
// record: a streamed file is read one record at a time, so what one record
// costs bounds the memory of an import, whatever the size of the file. The
// cost is some 25 times the record, most of it full-text indexing (a 15 MB
// record took 365 MB), hence 8 MiB: ample for any article. A larger record
// is skipped with a warning naming its line.
const DefaultMaxRecordSize = 8 << 20

// errRecordTooLarge marks a record read past the limit and skipped.
var errRecordTooLarge = errors.New("record too large")

// recordScanner cuts a stream into raw records, counting lines, keeping at
// most limit bytes of one record (the rest is read and dropped).
type recordScanner struct {
	r       *bufio.Reader
	line    int // line of the next byte, from 1
	limit   int64
	buf     []byte
	count   int64 // bytes of the current record, kept or not
	over    bool  // the current record passed the limit
	skipped int   // records skipped for their size
}

func newRecordScanner(r io.Reader, limit int64) *recordScanner {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &recordScanner{r: br, line: 1, limit: limit}
}

func (s *recordScanner) start() {
	if cap(s.buf) > 1<<20 {
		s.buf = nil // a big record's buffer is not kept for the small ones after it
	}
	s.buf, s.count, s.over = s.buf[:0], 0, false
}

func (s *recordScanner) keep(c byte) {
	s.count++
	if s.over {
		return
	}
	if int64(len(s.buf)) >= s.limit {
		s.over, s.buf = true, nil
		return
	}
	s.buf = append(s.buf, c)
}

func (s *recordScanner) next() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil && c == '\n' {
		s.line++
	}
	return c, err
}

// result returns the record read, or errRecordTooLarge.
func (s *recordScanner) result() ([]byte, error) {
	if s.over {
		return nil, errRecordTooLarge
	}
	return s.buf, nil
}

// skipBOM drops a UTF-8 byte order mark at the start.
func (s *recordScanner) skipBOM() {
	if b, err := s.r.Peek(3); err == nil && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		_, _ = s.r.Discard(3)
	}
}

// readLine reads up to the end of the line (dropping the newline). It returns
// io.EOF only when nothing is left. A long line is gathered in pieces and
// copied once: growing one slice by appending would allocate several times
// its size.
func (s *recordScanner) readLine() ([]byte, error) {
	s.start()
	var pieces [][]byte
	for {
		chunk, err := s.r.ReadSlice('\n')
		s.count += int64(len(chunk))
		if s.count > s.limit+1 { // +1: the newline
			s.over, pieces = true, nil
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if !s.over {
				pieces = append(pieces, bytes.Clone(chunk))
			}
			continue
		case err == nil:
			s.line++
			chunk = chunk[:len(chunk)-1]
		case err == io.EOF && s.count > 0:
		default:
			return nil, err
		}
		if s.over {
			return nil, errRecordTooLarge
		}
		if len(pieces) == 0 {
			return chunk, nil // valid until the next read, as every record
		}
		return bytes.Join(append(pieces, chunk), nil), nil
	}
}

// csvRecord reads one CSV record: up to a newline outside quotes. Quote
// parity is enough to find it (a doubled quote toggles twice); a stray
// quote makes the record run on and fail in the CSV parser, naming its line.
func (s *recordScanner) csvRecord(quotes bool) ([]byte, error) {
	s.start()
	inQuote, n := false, 0
	for {
		c, err := s.next()
		if err == io.EOF && n > 0 {
			return s.result()
		}
		if err != nil {
			return nil, err
		}
		n++
		s.keep(c)
		if quotes && c == '"' {
			inQuote = !inQuote
		}
		if c == '\n' && !inQuote {
			return s.result()
		}
	}
}

// space skips white space and returns the next byte without consuming it
// (io.EOF at the end).
func (s *recordScanner) space() (byte, error) {
	for {
		c, err := s.next()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, s.r.UnreadByte()
	}
}

// jsonValue reads one JSON value (object, array, string, number or
// literal) as raw bytes, checking bracket nesting and depth; its syntax is
// checked when it is decoded.
func (s *recordScanner) jsonValue() ([]byte, error) {
	s.start()
	var stack []byte
	inStr, esc := false, false
	for {
		c, err := s.next()
		if err == io.EOF {
			if len(stack) == 0 && !inStr && s.count > 0 {
				return s.result()
			}
			return nil, errors.New("invalid JSON: unexpected end of file")
		}
		if err != nil {
			return nil, err
		}
		if !inStr && len(stack) == 0 && s.count > 0 && isJSONDelim(c) {
			if c == '\n' {
				s.line--
			}
			if err := s.r.UnreadByte(); err != nil {
				return nil, err
			}
			return s.result()
		}
		s.keep(c)
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
				if len(stack) == 0 {
					return s.result()
				}
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			if len(stack) >= maxJSONDepth {
				return nil, fmt.Errorf("JSON nested deeper than %d levels (line %d)", maxJSONDepth, s.line)
			}
			stack = append(stack, c+2) // '{'+2 == '}', '['+2 == ']'
		case c == '}' || c == ']':
			if len(stack) == 0 || stack[len(stack)-1] != c {
				return nil, fmt.Errorf("invalid JSON at line %d: unexpected %q", s.line, c)
			}
			if stack = stack[:len(stack)-1]; len(stack) == 0 {
				return s.result()
			}
		}
	}
}

func isJSONDelim(c byte) bool {
	switch c {
	case ',', ']', '}', ':', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
