#!/usr/bin/env bash
# `make dist`: builds Shopcast Studio for this platform into dist/ (or $DIST_DIR).
#   Linux:   dist/ShopcastStudio/ (run ShopcastStudio inside), ShopcastStudio-VERSION-linux-ARCH.tar.gz
#            and ShopcastStudio-VERSION-ARCH.AppImage
#   macOS:   dist/ShopcastStudio.app and a .zip of it
#   Windows: dist/ShopcastStudio/ and, when Inno Setup's iscc is on PATH, ShopcastStudio-VERSION-setup.exe
# Needs the virtualenv with the `dist` extra (`make dist` sets it up). PYTHON overrides the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
DIST="${DIST_DIR:-dist}"
WORK="${WORK_DIR:-build/pyinstaller}"
version="$("$PY" -c 'import studio; print(studio.__version__)')"

rm -rf "$DIST/ShopcastStudio" "$DIST/ShopcastStudio.app"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$WORK" \
  installer/pyinstaller/shopcast.spec

case "$(uname -s)" in
  Linux)
    "$PY" installer/pyinstaller/slim.py "$DIST/ShopcastStudio"
    cp installer/linux/shopcast-studio.desktop installer/linux/install.sh installer/linux/README.txt \
      "$DIST/ShopcastStudio/"
    cp assets/icon/shopcast-studio.png "$DIST/ShopcastStudio/"
    tarball="$DIST/ShopcastStudio-$version-linux-$(uname -m).tar.gz"
    tar -C "$DIST" -czf "$tarball" ShopcastStudio
    echo "built: $DIST/ShopcastStudio ($(du -sm "$DIST/ShopcastStudio" | cut -f1) MiB), $tarball"
    bash installer/linux/appimage.sh "$DIST" "$WORK"
    ;;
  Darwin)
    zip_file="$DIST/ShopcastStudio-$version-macos-$(uname -m).zip"
    ditto -c -k --keepParent "$DIST/ShopcastStudio.app" "$zip_file"
    echo "built: $DIST/ShopcastStudio.app, $zip_file"
    ;;
  MINGW* | MSYS* | CYGWIN*)
    if command -v iscc >/dev/null 2>&1; then
      iscc "/DAppVersion=$version" "/DDistDir=$(cygpath -w "$PWD/$DIST")" installer/windows/shopcast.iss
      echo "built: $DIST/ShopcastStudio, $DIST/ShopcastStudio-$version-setup.exe"
    else
      echo "built: $DIST/ShopcastStudio (install Inno Setup 6 and put iscc on PATH for the installer)"
    fi
    ;;
esac
