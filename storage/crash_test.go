package storage

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"daftar/model"
)

// crashDBEnv names the archive TestCrashChild imports into; unset, the
// child test does nothing.
const crashDBEnv = "DAFTAR_CRASH_TEST_DB"

const crashArticles = 1000

// TestCrashChild is the child process of TestCrashSafety: it imports 1,000
// generated articles, one AddArticles call (one transaction) each, until
// the parent kills it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("child of TestCrashSafety")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range corpusArticles(42, crashArticles) {
		if _, err := s.AddArticles(ctx, []model.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
}

// TestCrashSafety kills an importing process with SIGKILL mid-way and checks
// that the archive it leaves passes Check and holds only whole articles.
func TestCrashSafety(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGKILL on Windows")
	}
	if testing.Short() {
		t.Skip("starts a child process that imports articles")
	}
	ctx := context.Background()
	path := t.TempDir() + "/crash.db"
	// Create the archive first so the parent can poll it from the start.
	s0, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s0.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	poll, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer poll.Close()
	deadline := time.Now().Add(60 * time.Second)
	var seen int
	for seen <= 50 {
		select {
		case err := <-exited:
			t.Fatalf("child exited before the kill (%d articles seen): %v\n%s", seen, err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child imported only %d articles in 60 s\n%s", seen, out.String())
		}
		if err := poll.QueryRow(`SELECT count(*) FROM articles`).Scan(&seen); err != nil {
			t.Fatalf("poll: %v", err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed by SIGKILL: %v\n%s", err, out.String())
	}
	poll.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open after the crash: %v", err)
	}
	defer s.Close()
	mustCheck(t, s)
	articles, indexed := countRows(t, s.db, "articles"), countRows(t, s.db, "article_fts")
	t.Logf("killed after %d articles were seen; %d survive", seen, articles)
	if articles != indexed {
		t.Errorf("%d articles but %d index rows", articles, indexed)
	}
	if articles < seen {
		t.Errorf("%d articles after the crash, but %d were committed before it", articles, seen)
	}
	if articles >= crashArticles {
		t.Errorf("all %d articles imported: the kill did not happen mid-way", articles)
	}
	rows, err := s.db.Query(`SELECT id, text, sha256 FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	whole := map[string]bool{}
	for _, a := range corpusArticles(42, crashArticles) {
		whole[a.Text] = true
	}
	for rows.Next() {
		var id, text, sum string
		if err := rows.Scan(&id, &text, &sum); err != nil {
			t.Fatal(err)
		}
		if sum != model.Fingerprint(text) {
			t.Errorf("article %s: sha256 does not match its text", id)
		}
		if !whole[text] {
			t.Errorf("article %s: text is not one of the generated articles", id)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// The archive takes writes again.
	mustAdd(t, s, article("after the crash", "An article imported after the crash."))
	mustCheck(t, s)
}

// lockedBuffer collects a child's output from two pipes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
