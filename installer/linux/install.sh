#!/bin/sh
# Adds Shopcast Studio to this user's application menu (no root needed), from wherever this
# folder was unpacked. `./install.sh --remove` takes the menu entry and icon away again;
# deleting the folder removes the program itself. Settings stay in "~/.config/Shopcast Studio".
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/512x512/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/shopcast-studio.desktop" "$icons/shopcast-studio.png"
  echo "Shopcast Studio removed from the menu / 已从菜单移除"
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/shopcast-studio.png" "$icons/shopcast-studio.png"
sed "s|@EXEC@|\"$here/ShopcastStudio\"|" "$here/shopcast-studio.desktop" > "$apps/shopcast-studio.desktop"
chmod +x "$apps/shopcast-studio.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Shopcast Studio is in your application menu / 已添加到应用菜单"
