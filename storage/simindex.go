package storage

import "daftar/textnorm"

// simMaxDistance is the largest Hamming distance between two 64-bit
// simhashes whose similarity reaches SimilarThreshold (0.90: 1-6/64 is
// 0.906, 1-7/64 is 0.89); a test holds the two constants together.
const simMaxDistance = 6

// simBands is how many bands a simhash is cut into: two hashes within
// simMaxDistance bits of each other differ in at most simMaxDistance bands,
// so they agree exactly on at least one (pigeonhole).
const simBands = simMaxDistance + 1

// simIndex holds the archive's simhashes for near-duplicate checks. A
// linear scan compared each new article with every stored one, a
// millisecond an article at 1,000,000 articles, so imports slowed as the
// archive grew; the index compares it only with the hashes that share a
// band, about simBands/512 of them.
type simIndex struct {
	entries []simEntry
	buckets [simBands][][]int32 // band -> band value -> positions in entries
}

// bandOf returns band b of hash h; bands are 64/simBands bits wide, the
// last ones one bit wider to cover all 64.
func bandOf(h uint64, b int) uint32 {
	lo, hi := bandBounds(b)
	return uint32((h >> lo) & (1<<(hi-lo) - 1))
}

func bandBounds(b int) (lo, hi uint) {
	narrow := 64 / simBands
	wide := simBands - 64%simBands // bands before this one are narrow
	lo = uint(b * narrow)
	if b > wide {
		lo += uint(b - wide)
	}
	hi = lo + uint(narrow)
	if b >= wide {
		hi++
	}
	return lo, hi
}

func newSimIndex(entries []simEntry) *simIndex {
	x := &simIndex{}
	for b := range simBands {
		lo, hi := bandBounds(b)
		x.buckets[b] = make([][]int32, 1<<(hi-lo))
	}
	x.add(entries)
	return x
}

func (x *simIndex) add(entries []simEntry) {
	for _, e := range entries {
		pos := int32(len(x.entries))
		x.entries = append(x.entries, e)
		for b := range simBands {
			v := bandOf(e.hash, b)
			x.buckets[b][v] = append(x.buckets[b][v], pos)
		}
	}
}

// mostSimilar returns the stored entry most similar to h when that
// similarity reaches SimilarThreshold (the earliest stored among equals),
// else "", 0.
func (x *simIndex) mostSimilar(h uint64) (string, float64) {
	best, bestSim := int32(-1), 0.0
	for b := range simBands {
		for _, pos := range x.buckets[b][bandOf(h, b)] {
			sim := textnorm.Similarity(h, x.entries[pos].hash)
			if sim > bestSim || (sim == bestSim && pos < best) {
				best, bestSim = pos, sim
			}
		}
	}
	if best < 0 || bestSim < SimilarThreshold {
		return "", 0
	}
	return x.entries[best].id, bestSim
}
