// Daftar is an offline workbench for people who study the news: import
// articles into a local archive, read them (Arabic and Persian as well as
// Latin-script text), tag entities and claims, search, and export.
//
// With no command it opens the GUI on the archive; with a command it runs
// that command (see `daftar help`).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"

	fyneapp "fyne.io/fyne/v2/app"

	"daftar/app"
	"daftar/cli"
	_ "daftar/startup" // must initialise before Fyne: see its doc
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	g, err := cli.Parse(os.Args[1:], os.Stderr)
	gui := app.Options{Version: cli.Version}
	// `open ARTICLE-ID` starts the GUI on that article.
	if err == nil && g.Args[0] == "open" {
		if len(g.Args) != 2 {
			fmt.Fprintln(os.Stderr, "Usage: daftar [--db PATH] open ARTICLE-ID")
			os.Exit(cli.ExitUsage)
		}
		gui.ArticleID, err = g.Args[1], cli.ErrNoCommand
	}
	switch {
	case errors.Is(err, cli.ErrNoCommand):
		path, err := cli.ArchivePath(g.DB)
		if err != nil {
			fmt.Fprintln(os.Stderr, "daftar:", err)
			os.Exit(cli.ExitFail)
		}
		if err := app.Run(ctx, fyneapp.NewWithID(app.ID), path, gui); err != nil {
			fmt.Fprintln(os.Stderr, "daftar:", err)
			os.Exit(cli.ExitFail)
		}
		return
	case err != nil:
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		os.Exit(cli.ExitUsage)
	}
	os.Exit(cli.RunCommand(ctx, g, os.Stdout, os.Stderr))
}
