package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Environment of TestCrashTrialChild: the archive, the operation (import
// or merge) and the bundle file a merge reads.
const (
	trialDBEnv     = "DAFTAR_TRIAL_DB"
	trialOpEnv     = "DAFTAR_TRIAL_OP"
	trialBundleEnv = "DAFTAR_TRIAL_BUNDLE"
)

const trialImport = 60 // articles imported in one AddArticles call

const trialReady = "trial: archive open"

// TestCrashTrialChild is the child of TestCrashTrials: one import or one
// bundle merge, each a single transaction.
func TestCrashTrialChild(t *testing.T) {
	path := os.Getenv(trialDBEnv)
	if path == "" {
		t.Skip("child of TestCrashTrials")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	// The parent's clock for the kill starts here, past the child's start.
	fmt.Println(trialReady)
	switch os.Getenv(trialOpEnv) {
	case "import":
		_, err = s.AddArticles(ctx, corpusArticles(77, trialImport))
	case "merge":
		data, rerr := os.ReadFile(os.Getenv(trialBundleEnv))
		if rerr != nil {
			t.Fatal(rerr)
		}
		_, err = s.ImportBundle(ctx, "child", readBundle(t, data), false)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestCrashTrials kills a child process at random moments of an import or
// a bundle merge, 100 times, and checks after each kill that the archive
// passes Check and holds the operation whole or not at all.
func TestCrashTrials(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("kills with SIGKILL")
	}
	if testing.Short() {
		t.Skip("starts 100 child processes")
	}
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv(BackupsEnv, "0") // the trials are about the operations

	src := newTestStore(t)
	fillArchive(t, src)
	mustAdd(t, src, corpusArticles(91, 60)...)
	bundlePath := filepath.Join(dir, "bundle.json")
	if err := os.WriteFile(bundlePath, exportJSON(t, src), 0o644); err != nil {
		t.Fatal(err)
	}
	type counts struct{ articles, annotations, entities, sets int }
	count := func(s *Store) counts {
		return counts{countRows(t, s.db, "articles"), countRows(t, s.db, "annotations"), countRows(t, s.db, "entities"), countRows(t, s.db, "sets")}
	}

	base := filepath.Join(dir, "base.db")
	b, err := Open(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, b, corpusArticles(5, 20)...)
	before := count(b)
	b.Close()

	// run starts op on path and kills it kill after it has opened the
	// archive; it returns whether the kill came first and how long the
	// operation ran.
	run := func(op, path string, kill time.Duration) (killed bool, ran time.Duration) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashTrialChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), trialDBEnv+"="+path, trialOpEnv+"="+op, trialBundleEnv+"="+bundlePath)
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		for !strings.Contains(out.String(), trialReady) {
			select {
			case err := <-done:
				t.Fatalf("%s child exited before opening the archive: %v\n%s", op, err, out.String())
			case <-time.After(time.Millisecond):
			}
		}
		t0 := time.Now()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s child failed: %v\n%s", op, err, out.String())
			}
			return false, time.Since(t0)
		case <-time.After(kill):
			cmd.Process.Kill()
			return <-done != nil, time.Since(t0)
		}
	}
	fresh := func(name string) string {
		p := filepath.Join(dir, name)
		copySynced(base, p)
		return p
	}

	// One uninterrupted run of each gives the state "fully there" and the
	// time span to kill within.
	after := map[string]counts{}
	took := map[string]time.Duration{}
	for _, op := range []string{"import", "merge"} {
		p := fresh(op + "-whole.db")
		_, took[op] = run(op, p, time.Minute)
		s, err := Open(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		after[op] = count(s)
		s.Close()
		if after[op] == before {
			t.Fatalf("%s changed nothing", op)
		}
	}

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	outcome := map[string]int{}
	start := time.Now()
	const trials = 100
	for i := range trials {
		op := []string{"import", "merge"}[i%2]
		p := fresh("trial.db")
		// Up to 10% past the uninterrupted time: a loaded machine is slower.
		at := time.Duration(rng.Int64N(int64(took[op]) * 11 / 10))
		killed, _ := run(op, p, at)
		s, err := Open(ctx, p)
		if err != nil {
			t.Fatalf("trial %d (%s killed at %v, seed %d): open: %v", i, op, at, seed, err)
		}
		mustCheck(t, s)
		got := count(s)
		s.Close()
		state := "absent"
		switch got {
		case before:
		case after[op]:
			state = "whole"
		default:
			t.Fatalf("trial %d (%s killed at %v, seed %d): %+v, want %+v or %+v", i, op, at, seed, got, before, after[op])
		}
		if !killed {
			state = "finished"
		}
		outcome[op+" "+state]++
		for _, side := range []string{"", "-wal", "-shm"} {
			os.Remove(p + side)
		}
	}
	t.Logf("%d trials in %v (import %v, merge %v uninterrupted; seed %d): %v", trials, time.Since(start).Round(time.Millisecond),
		took["import"].Round(time.Millisecond), took["merge"].Round(time.Millisecond), seed, outcome)
}
