package export

import (
	"archive/zip"
	"path/filepath"
	"testing"
	"time"
)

// ZIP entries carry a valid MS-DOS date and time (Python's
// datetime(*ZipInfo.date_time) raises on month 0), the time of the export.
func TestZipEntriesHaveRealDates(t *testing.T) {
	for _, o := range []Options{{Format: "csv", Out: "out.zip"}, {Format: "brat", Out: "out.zip"}, {Format: "qdpx", Out: "out.qdpx"}} {
		d := fixture(t)
		before := time.Now().Add(-2 * time.Second)
		o.Out = filepath.Join(t.TempDir(), o.Out)
		write(t, d, o)
		zr, err := zip.OpenReader(o.Out)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			// The MS-DOS fields (deprecated in Go) are what other readers use.
			date, tm := f.ModifiedDate, f.ModifiedTime
			day, month, year := int(date&0x1f), int(date>>5&0xf), 1980+int(date>>9)
			hour, minute, sec := int(tm>>11), int(tm>>5&0x3f), int(tm&0x1f)*2
			if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 59 {
				t.Errorf("%s %s: DOS date %04d-%02d-%02d %02d:%02d:%02d is invalid", o.Format, f.Name, year, month, day, hour, minute, sec)
				continue
			}
			local := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.Local)
			if local.Before(before.Truncate(2*time.Second)) || local.After(time.Now().Add(2*time.Second)) {
				t.Errorf("%s %s: dated %v, not the time of the export", o.Format, f.Name, local)
			}
		}
		zr.Close()
	}
}
