package storage

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"daftar/textnorm"
)

func TestSimMaxDistance(t *testing.T) {
	at := func(d int) float64 { return textnorm.Similarity(0, 1<<d-1) }
	if at(simMaxDistance) < SimilarThreshold || at(simMaxDistance+1) >= SimilarThreshold {
		t.Fatalf("simMaxDistance %d does not match SimilarThreshold %v", simMaxDistance, SimilarThreshold)
	}
	covered := uint(0)
	for b := range simBands {
		lo, hi := bandBounds(b)
		if lo != covered || hi <= lo {
			t.Fatalf("band %d is bits %d..%d, want it to start at %d", b, lo, hi, covered)
		}
		covered = hi
	}
	if covered != 64 {
		t.Fatalf("bands cover %d bits", covered)
	}
}

// The index must find what a scan of every hash finds, ties included.
func TestSimIndexMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var entries []simEntry
	for i := range 5000 {
		h := r.Uint64()
		if i > 0 && i%3 == 0 { // a near copy of an earlier hash
			h = entries[r.IntN(len(entries))].hash
			for range r.IntN(9) {
				h ^= 1 << r.IntN(64)
			}
		}
		entries = append(entries, simEntry{id: strconv.Itoa(i), hash: h})
	}
	x := newSimIndex(entries[:4000])
	x.add(entries[4000:])
	found := 0
	for i := range 3000 {
		h := entries[r.IntN(len(entries))].hash
		for range i % 9 {
			h ^= 1 << r.IntN(64)
		}
		if i%5 == 0 {
			h = r.Uint64()
		}
		wantID, wantSim := "", 0.0
		for _, e := range entries {
			if sim := textnorm.Similarity(h, e.hash); sim > wantSim {
				wantID, wantSim = e.id, sim
			}
		}
		if wantSim < SimilarThreshold {
			wantID, wantSim = "", 0
		} else {
			found++
		}
		if id, sim := x.mostSimilar(h); id != wantID || sim != wantSim {
			t.Fatalf("hash %x: index gives %q %v, scan %q %v", h, id, sim, wantID, wantSim)
		}
	}
	if found < 1000 {
		t.Fatalf("only %d of the lookups had a similar hash: the test checks too little", found)
	}
}
