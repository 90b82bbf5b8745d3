package main

import (
	"os"
	"syscall"
)

// Daftar.exe is linked as a GUI-subsystem program (-H windowsgui) so that a
// double-click opens no console window. Such a program starts with no
// standard output, so `daftar.exe import …` typed in cmd or PowerShell
// would print nothing: attach to the console of the shell that started
// us, if there is one, and write there. Handles that were redirected
// (`> out.txt`, a pipe) are already valid and are kept.
func init() {
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	stdout, _ := syscall.GetStdHandle(syscall.STD_OUTPUT_HANDLE)
	stderr, _ := syscall.GetStdHandle(syscall.STD_ERROR_HANDLE)
	if stdout != 0 && stdout != syscall.InvalidHandle && stderr != 0 && stderr != syscall.InvalidHandle {
		return
	}
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return // started from Explorer: no console to write to
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if stdout == 0 || stdout == syscall.InvalidHandle {
		os.Stdout = con
	}
	if stderr == 0 || stderr == syscall.InvalidHandle {
		os.Stderr = con
	}
}
