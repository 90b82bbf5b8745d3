package cli

import (
	"bytes"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What Daftar prints besides its results, and whatever reaches Go's log
// (Fyne's errors go there too), must not carry article text or a
// passphrase: such output ends up in terminals' scrollback, CI logs and bug
// reports. Import, encrypted export and import, a wrong passphrase and a
// malformed record are run with a sentence and a passphrase found nowhere
// else, and every message is searched for them.
func TestMessagesHoldNoTextOrPassphrase(t *testing.T) {
	const (
		sentence   = "The heron counted nine lanterns above the salt market of Qasr Marjan"
		arabic     = "عدّ مالك الحزين تسعة فوانيس فوق سوق الملح"
		passphrase = "violet harbour seventeen quartz"
	)
	var logged bytes.Buffer
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })

	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	story := writeFile(t, dir, "story.txt", "Lanterns\n\n"+sentence+". "+arabic+".\n")
	records := writeFile(t, dir, "records.jsonl", `{"title":"Fine","text":"`+sentence+` again."}`+"\n"+
		`{"title":"Broken","text":"`+sentence+` and then"`+"\n"+
		`{"title":7,"text":"`+arabic+`"}`+"\n")
	pass := writeFile(t, dir, "pass.txt", passphrase+"\n")
	sealed := filepath.Join(dir, "share.json.age")

	var said strings.Builder
	step := func(db string, args ...string) int {
		code, out, errOut := run(t, db, args...)
		said.WriteString(errOut)
		// Results may name articles (titles), never their text.
		said.WriteString(out)
		return code
	}
	step(a, "import", story)
	step(a, "import", records)
	if code := step(a, "export", "--format", "json", "--passphrase-file", pass, "--out", sealed); code != ExitOK {
		t.Fatalf("encrypted export failed: %s", said.String())
	}
	t.Setenv("DAFTAR_PASSPHRASE", passphrase+" but wrong")
	if code := step(b, "import", sealed); code != ExitFail {
		t.Errorf("a wrong passphrase: exit %d", code)
	}
	t.Setenv("DAFTAR_PASSPHRASE", passphrase)
	if code := step(b, "import", sealed); code != ExitOK {
		t.Fatalf("import with the passphrase failed: %s", said.String())
	}
	step(b, "export", "--format", "csv", "--out", filepath.Join(dir, "out.csv"))

	if data, err := os.ReadFile(sealed); err != nil || bytes.Contains(data, []byte("heron")) {
		t.Errorf("the encrypted bundle holds the text in the clear (%v)", err)
	}
	for name, text := range map[string]string{"messages": said.String(), "log": logged.String()} {
		for _, secret := range []string{passphrase, "violet harbour", "nine lanterns", "heron", "مالك الحزين", "فوانيس"} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s hold %q:\n%s", name, secret, text)
			}
		}
	}
	if !strings.Contains(said.String(), "records.jsonl") {
		t.Errorf("the malformed records were not reported: %s", said.String())
	}
}
