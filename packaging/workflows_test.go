package packaging

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rhysd/actionlint"
)

// lint runs actionlint over workflow files, with shellcheck over their
// run: scripts when it is installed, and returns its report.
func lint(t *testing.T, files []string) (string, int) {
	t.Helper()
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), len(errs)
}

// Every workflow must pass actionlint: a broken release workflow is found
// only on the day of a release, otherwise.
func TestWorkflowsPassActionlint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", ".github", "workflows", "*.y*ml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows found (%v)", err)
	}
	if report, n := lint(t, files); n > 0 {
		t.Errorf("actionlint found %d problems:\n%s", n, report)
	}
}

// The linter is really on: a workflow with an unknown runner label, an
// undefined job dependency and a misspelt context is rejected.
func TestActionlintRejectsBrokenWorkflow(t *testing.T) {
	bad := filepath.Join(t.TempDir(), ".github", "workflows", "bad.yml")
	if err := os.MkdirAll(filepath.Dir(bad), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "on: push\njobs:\n  a:\n    runs-on: ubuntu-1804-nope\n    needs: [missing]\n    steps:\n      - run: echo ${{ githb.ref }}\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if report, n := lint(t, []string{bad}); n < 2 {
		t.Errorf("actionlint found %d problems in a broken workflow, want at least 2:\n%s", n, report)
	}
}
