// Command gencorpus writes N synthetic articles (about 3 KB, half Arabic,
// half Latin-script) as JSONL, for benchmarks and for trying the app.
//
//	go run ./tools/gencorpus -n 10000 -seed 1 > articles.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"daftar/corpusgen"
)

func main() {
	n := flag.Int("n", 1000, "number of articles")
	seed := flag.Uint64("seed", 1, "random seed; equal seeds give equal output")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	if err := corpusgen.New(*seed).WriteJSONL(w, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
