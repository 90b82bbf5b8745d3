// Command gencorpus writes N synthetic articles (about 3 KB, half Arabic,
// half Latin-script) as JSONL, for benchmarks and for trying the app.
//
//	go run ./tools/gencorpus -n 10000 -seed 1 > articles.jsonl
//	go run ./tools/gencorpus -n 10000 -warc -gz > crawl.warc.gz
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
	warc := flag.Bool("warc", false, "write a WARC crawl of the articles as news pages instead of JSONL")
	gz := flag.Bool("gz", false, "with -warc: gzip each record")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	write := func() error { return corpusgen.New(*seed).WriteJSONL(w, *n) }
	if *warc {
		write = func() error { return corpusgen.New(*seed).WriteWARC(w, *n, *gz) }
	}
	if err := write(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
