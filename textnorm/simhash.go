package textnorm

import "math/bits"

// SimHash returns a 64-bit SimHash of text over its folded word 3-shingles
// (single words or pairs for texts shorter than three words). Wire stories
// re-published with small edits differ in a few bits; unrelated texts in
// about half of them. Import uses it to flag near-duplicates.
func SimHash(text string) uint64 { return SimHashFolded(Normalize(text).Text) }

// SimHashFolded is SimHash of text already folded by Normalize, for callers
// that fold the text anyway (the archive indexes the same folded form).
func SimHashFolded(folded string) uint64 {
	toks := Tokens(folded)
	if len(toks) == 0 {
		return 0
	}
	k := 3
	if len(toks) < k {
		k = len(toks)
	}
	var counts [64]int32
	for i := 0; i+k <= len(toks); i++ {
		h := uint64(14695981039346656037) // FNV-1a over the shingle's words
		for j := i; j < i+k; j++ {
			for b := 0; b < len(toks[j].Text); b++ {
				h ^= uint64(toks[j].Text[b])
				h *= 1099511628211
			}
			h ^= 0xFF // word separator, not a possible UTF-8 byte
			h *= 1099511628211
		}
		h = mix64(h)
		// Branch-free: +1 for a set bit, -1 for a clear one. Bits are fair
		// coins, so a branch here is mispredicted half the time.
		for bit := range 64 {
			counts[bit] += int32(h>>uint(bit)&1)<<1 - 1
		}
	}
	var out uint64
	for bit := 0; bit < 64; bit++ {
		if counts[bit] > 0 {
			out |= 1 << uint(bit)
		}
	}
	return out
}

// mix64 is the splitmix64 finalizer: FNV's high bits are poorly mixed for
// short inputs, and SimHash needs every bit to be a fair coin.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Similarity is 1 - hamming(a, b)/64: 1 for identical hashes, about 0.5
// for unrelated texts.
func Similarity(a, b uint64) float64 {
	return 1 - float64(bits.OnesCount64(a^b))/64
}
