package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// factivaPage is a Factiva HTML export written for this test: an Arabic
// article, a French one, and an index entry without text between them.
const factivaPage = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="article arArticle"><table>
<tr><td><b>HD</b>&nbsp;</td><td><p>إعادة فتح الميناء</p></td></tr>
<tr><td><b>PD</b>&nbsp;</td><td>4 March 2019</td></tr>
<tr><td><b>SN</b>&nbsp;</td><td>صحيفة الساحل</td></tr>
<tr><td><b>LA</b>&nbsp;</td><td>Arabic</td></tr>
<tr><td><b>TD</b>&nbsp;</td><td><p>أعيد فتح الميناء يوم الأحد.</p></td></tr>
<tr><td><b>AN</b>&nbsp;</td><td>Document SAHIL00020190304ef3400002</td></tr>
</table></div>
<div class="article enArticle"><table>
<tr><td><b>HD</b>&nbsp;</td><td>Index entry</td></tr>
<tr><td><b>AN</b>&nbsp;</td><td>Document WIRE000020190305ef3500003</td></tr>
</table></div>
<div class="article frArticle"><table>
<tr><td><b>HD</b>&nbsp;</td><td>Le port rouvre</td></tr>
<tr><td><b>PD</b>&nbsp;</td><td>5 March 2019</td></tr>
<tr><td><b>TD</b>&nbsp;</td><td><p>Le port a rouvert mardi.</p></td></tr>
<tr><td><b>AN</b>&nbsp;</td><td>Document COUPOR0020190305ef3500004</td></tr>
</table></div></body></html>`

func TestImportReportsDatabaseExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	src := writeFile(t, dir, "factiva.htm", factivaPage)
	code, out, errOut := run(t, db, "import", src)
	if code != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "2 articles from "+src+" (Factiva), 1 skipped\n") || !strings.Contains(out, src+`#1: imported`) {
		t.Errorf("stdout:\n%s", out)
	}
	if !strings.Contains(errOut, src+`#1: warning: article 2 ("Index entry") skipped: no body text`) {
		t.Errorf("stderr:\n%s", errOut)
	}
	code, out, _ = run(t, db, "list", "--sort", "published", "--json")
	// The French article has no LA row: its language comes from the
	// article's class (frArticle), not from detection.
	if code != ExitOK || !strings.Contains(out, `"title": "إعادة فتح الميناء"`) || !strings.Contains(out, `"language": "fr"`) {
		t.Errorf("list: exit %d\n%s", code, out)
	}
}
