; Daftar's Windows installer, built by scripts/dist-windows.sh:
;   makensis -DVERSION=1.2.3 -DVERSION4=1.2.3.0 -DSRC=DIR -DOUTFILE=FILE installer.nsi
; SRC holds Daftar.exe and daftar.ico. The installer asks whether to install
; for the current user only (no administrator rights, %LocalAppData%\Programs)
; or for all users (Program Files); /CurrentUser or /AllUsers choose on the
; command line, /S installs silently.
Unicode true
SetCompressor /SOLID lzma

!define APPNAME "Daftar"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Daftar"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APPNAME}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTKEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include MUI2.nsh
!include x64.nsh

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APPNAME} ${VERSION} installer"
VIAddVersionKey "CompanyName" "The Daftar authors"
VIAddVersionKey "LegalCopyright" "The Daftar authors"

!define MUI_ICON "${SRC}\daftar.ico"
!define MUI_UNICON "${SRC}\daftar.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\Daftar.exe"

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Daftar needs 64-bit Windows."
    Abort
  ${EndIf}
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Daftar" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SRC}\Daftar.exe"
  File "${SRC}\daftar.ico"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortCut "$SMPROGRAMS\Daftar.lnk" "$INSTDIR\Daftar.exe" "" "$INSTDIR\daftar.ico"
  ; Apps & features (SHCTX is HKCU or HKLM, as the install mode chose).
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "The Daftar authors"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\daftar.ico"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  CreateShortCut "$DESKTOP\Daftar.lnk" "$INSTDIR\Daftar.exe" "" "$INSTDIR\daftar.ico"
SectionEnd

; The archive in %AppData%\Daftar is the researcher's work: the uninstaller
; leaves it.
Section "Uninstall"
  Delete "$SMPROGRAMS\Daftar.lnk"
  Delete "$DESKTOP\Daftar.lnk"
  Delete "$INSTDIR\Daftar.exe"
  Delete "$INSTDIR\daftar.ico"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTKEY}"
SectionEnd
