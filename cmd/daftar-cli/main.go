// Command daftar-cli is Daftar's command line without the GUI: pure Go, no
// cgo, so it cross-builds for every system and runs on servers and in
// pipelines that have no graphics stack. It takes the same commands as
// `daftar COMMAND`; with no command it prints the help.
package main

import (
	"context"
	"os"
	"os/signal"

	"daftar/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
