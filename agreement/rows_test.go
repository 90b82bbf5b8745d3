package agreement

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestRowsAndCSV(t *testing.T) {
	r, err := Compute(twoCoders(), Options{Resamples: 200})
	if err != nil {
		t.Fatal(err)
	}
	rows := Rows(r)
	find := func(figure, scope string) Row {
		t.Helper()
		for _, row := range rows {
			if row.Figure == figure && row.Scope == scope {
				return row
			}
		}
		t.Fatalf("no row %s over %s", figure, scope)
		return Row{}
	}
	for _, row := range rows {
		if row.Definition == "" {
			t.Errorf("row %s over %s has no definition", row.Figure, row.Scope)
		}
	}
	if a := find("alpha", "tokens"); a.Value != r.Overall.Alpha || a.Unit != "tokens" || a.Value.CI == nil {
		t.Errorf("overall alpha row %+v, want the report's alpha with its interval", a)
	}
	if f := find("f1_exact", "pair amal/badr"); f.Value.Value != 1.0/3 || f.Unit != "articles" {
		t.Errorf("exact F1 row %+v, want 1/3 over articles", f)
	}
	// No claims: the verdict figure is not computable and says why.
	verdict := find("verdict_alpha", "claims")
	if verdict.Value.Computable || verdict.Value.Reason == "" {
		t.Errorf("verdict alpha without claims: %+v", verdict.Value)
	}

	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(buf.String()), "nan") {
		t.Errorf("CSV holds NaN:\n%s", buf.String())
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(rows)+1 || strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("%d CSV records for %d rows, header %v", len(recs), len(rows), recs[0])
	}
	for _, rec := range recs[1:] {
		if rec[0] == "verdict_alpha" && (rec[3] != "" || rec[4] != "false" || rec[5] == "") {
			t.Errorf("uncomputable verdict alpha written as %q", rec)
		}
		if rec[0] == "alpha" && rec[1] == "tokens" && (rec[3] != "0.5217" || rec[10] == "" || rec[15] == "") {
			t.Errorf("overall alpha written as %q, want 0.5217 with an interval and a definition", rec)
		}
	}
}
