package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"daftar/storage"
)

// The second command on an archive takes the day's backup; restore --list
// shows it, restore puts it back and keeps the archive it replaced. The
// backup on open runs in the background, so the second command only reads:
// an import there could commit before the copy starts (seen under wine).
func TestRestoreCommand(t *testing.T) {
	t.Setenv(storage.BackupsEnv, "")
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, out, errOut := run(t, db, "restore", "--list"); code != ExitOK || !strings.Contains(out, "no backups") {
		t.Fatalf("list without an archive: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "restore"); code != ExitFail || !strings.Contains(errOut, "no backups in") {
		t.Fatalf("restore without backups: %d %q", code, errOut)
	}
	if code, out, errOut := run(t, db, "import", writeFile(t, dir, "one.txt", storyAR)); code != ExitOK {
		t.Fatalf("import: %d %s%s", code, out, errOut)
	}
	if code, _, errOut := run(t, db, "stats"); code != ExitOK {
		t.Fatalf("stats: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, db, "import", writeFile(t, dir, "two.txt", "نص ثان كتبناه للاختبار.")); code != ExitOK {
		t.Fatalf("import: %d %s", code, errOut)
	}
	code, out, _ := run(t, db, "restore", "--list", "--json")
	var list []storage.BackupInfo
	if err := json.Unmarshal([]byte(out), &list); code != ExitOK || err != nil || len(list) != 1 || list[0].Reason != "open" {
		t.Fatalf("list: %d %v %q", code, err, out)
	}
	code, out, errOut := run(t, db, "restore", filepath.Base(list[0].Path))
	if code != ExitOK || !strings.Contains(out, "restored "+db) || !strings.Contains(out, "saved as") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	if code, out, _ := run(t, db, "stats", "--json"); code != ExitOK || !strings.Contains(out, `"articles": 1`) {
		t.Fatalf("after restore: %d %s", code, out)
	}
	if code, _, errOut := run(t, db, "check"); code != ExitOK {
		t.Fatalf("check after restore: %s", errOut)
	}
	if code, _, errOut := run(t, db, "restore", filepath.Join(dir, "missing.db")); code != ExitFail || !strings.Contains(errOut, "missing.db") {
		t.Fatalf("missing backup: %d %q", code, errOut)
	}
}
