package packaging

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/template"
)

// NumericVersion turns a version string (1.2.3, 1.2.3-4-gabcdef) into the
// four numbers Windows resources and installers want: 1,2,3,4 — the fourth
// is the count of commits after the tag, 0 for a release.
func NumericVersion(v string) ([4]uint16, error) {
	var n [4]uint16
	base, rest, _ := strings.Cut(v, "-")
	parts := strings.Split(base, ".")
	if len(parts) > 3 {
		return n, fmt.Errorf("version %q: more than three numbers", v)
	}
	for i, p := range parts {
		x, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return n, fmt.Errorf("version %q: %q is not a number up to 65535", v, p)
		}
		n[i] = uint16(x)
	}
	if commits, _, ok := strings.Cut(rest, "-"); ok {
		if x, err := strconv.ParseUint(commits, 10, 16); err == nil {
			n[3] = uint16(x)
		}
	}
	return n, nil
}

// RenderRC fills in a resource script template (packaging/windows/daftar.rc)
// with {{.Version}} and {{.Numeric}} (1,2,3,0).
func RenderRC(w io.Writer, tmpl, version string) error {
	n, err := NumericVersion(version)
	if err != nil {
		return err
	}
	t, err := template.New("rc").Parse(tmpl)
	if err != nil {
		return err
	}
	return t.Execute(w, struct{ Version, Numeric string }{
		version, fmt.Sprintf("%d,%d,%d,%d", n[0], n[1], n[2], n[3]),
	})
}
