// Command disttool does the steps of `make dist` that need more than the
// shell: icons at every size, the Windows resource script, and the check
// of the built Daftar.exe.
//
//	disttool icons SRC.png OUTDIR NAME   hicolor PNGs and NAME.ico
//	disttool rc TEMPLATE VERSION         resource script on stdout
//	disttool numeric VERSION             1.2.3.0, for NSIS
//	disttool pecheck FILE.exe VERSION    PE32+ amd64, GUI subsystem, icon, version resource
//	disttool pecheck-installer FILE.exe VERSION  the same for any machine type
package main

import (
	"fmt"
	"os"

	"daftar/packaging"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "disttool:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	want := map[string]int{"icons": 3, "rc": 2, "numeric": 1, "pecheck": 2, "pecheck-installer": 2}
	if len(args) == 0 || want[args[0]] == 0 || len(args)-1 != want[args[0]] {
		return fmt.Errorf("usage: disttool icons SRC OUTDIR NAME | rc TEMPLATE VERSION | numeric VERSION | pecheck[-installer] EXE VERSION")
	}
	switch args[0] {
	case "icons":
		return packaging.WriteIcons(args[1], args[2], args[3])
	case "rc":
		tmpl, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		return packaging.RenderRC(os.Stdout, string(tmpl), args[2])
	case "numeric":
		n, err := packaging.NumericVersion(args[1])
		if err != nil {
			return err
		}
		fmt.Printf("%d.%d.%d.%d\n", n[0], n[1], n[2], n[3])
		return nil
	case "pecheck":
		if err := packaging.CheckWindowsGUI(args[1], args[2]); err != nil {
			return err
		}
		fmt.Printf("%s: PE32+ amd64, Windows GUI subsystem, icon and version %s resources\n", args[1], args[2])
		return nil
	default:
		if err := packaging.CheckInstaller(args[1], args[2]); err != nil {
			return err
		}
		fmt.Printf("%s: Windows GUI program, icon and version %s resources\n", args[1], args[2])
		return nil
	}
}
