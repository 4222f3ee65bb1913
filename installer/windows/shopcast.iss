; Inno Setup 6 script: installs the PyInstaller folder (dist\ShopcastStudio) with a Start-menu
; entry, an optional desktop shortcut and an uninstaller. installer/build.sh runs it on Windows:
;   iscc /DAppVersion=0.1.0 /DDistDir=C:\path\to\dist installer\windows\shopcast.iss
; Settings (%APPDATA%\Shopcast Studio) and recordings are the user's: the uninstaller keeps them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif
#define AppName "Shopcast Studio"
#define AppExe "ShopcastStudio.exe"

[Setup]
; The AppId ties upgrades and the uninstaller to this app: never change it.
AppId={{8F3A2C71-5E4B-4B8E-9D51-2C7A1E0F6B93}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppName}
AppVerName={#AppName} {#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install without admin rights is offered too (merchants' shop PCs are often locked).
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#DistDir}
OutputBaseFilename=ShopcastStudio-{#AppVersion}-setup
SetupIconFile=..\..\assets\icon\shopcast-studio.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Chinese setup pages when this Inno Setup has the (unofficial) translation installed.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.ShortcutsGroup=Shortcuts:
english.DesktopShortcut=Put a shortcut on the desktop
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
chinesesimplified.ShortcutsGroup=快捷方式：
chinesesimplified.DesktopShortcut=在桌面创建快捷方式
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:ShortcutsGroup}"

[Files]
Source: "{#DistDir}\ShopcastStudio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries whole: nothing of an older version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
