; Inno Setup 6 script: Pantau for one Windows user, installed without administrator rights.
;
; Build on Windows after `pyinstaller --noconfirm build.spec` (see docs/windows.md):
;     "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\pantau.iss
; The result is dist\pantau-setup-0.1.0.exe. Installing again with a newer setup upgrades in
; place (same AppId); the data folder (%LOCALAPPDATA%\Pantau) is never touched by setup or
; by uninstall, so reports survive both.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Pantau"
#define Publisher "Badan Kesatuan Bangsa dan Politik Provinsi Maluku"
#define SourceDir "..\..\dist\pantau"

[Setup]
; Never change AppId: it is how a newer setup finds the installed Pantau to upgrade it.
AppId={{6A0F5C2E-8B1D-4E57-9C3A-2D7E4B1F9A60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
VersionInfoVersion={#AppVersion}
; Per-user: no UAC prompt, no admin rights; programs go to %LOCALAPPDATA%\Programs\Pantau.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
; 64-bit Windows 10 1809 (build 17763) or newer: what PySide6 6.x supports.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=pantau-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\pantau.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Setup closes a running Pantau before replacing its files (a file in use cannot be replaced).
CloseApplications=yes
CloseApplicationsFilter=pantau.exe,pantau-cli.exe
RestartApplications=no

[Languages]
Name: "id"; MessagesFile: "compiler:Languages\Indonesian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole PyInstaller folder; files of an older version that are gone now are removed first.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Pantau"; Filename: "{app}\pantau.exe"; Comment: "Pelaporan Kesbangpol"
Name: "{group}\Pantau (baris perintah)"; Filename: "{cmd}"; Parameters: "/k ""{app}\pantau-cli.exe"" --help"; WorkingDir: "{userdocs}"; IconFilename: "{app}\pantau-cli.exe"; Comment: "pantau-cli: sync, backup, export dari Command Prompt"
Name: "{group}\Uji Pantau (self-test)"; Filename: "{cmd}"; Parameters: "/k ""{app}\pantau-cli.exe"" --self-test && echo Pantau OK"; IconFilename: "{app}\pantau-cli.exe"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Pantau"; Filename: "{app}\pantau.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\pantau.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
