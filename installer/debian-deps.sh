#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Shopcast Studio needs, when run as root on such a system.
# Usage: installer/debian-deps.sh run|test   (run: to start the studio; test: also the test servers)
# Installs only what is missing, so a second call costs a few dpkg look-ups.
set -euo pipefail
want="${1:-run}"

# Build PyAudio against PortAudio; the libraries Qt's xcb platform plugin loads; a CJK font, and
# DejaVu for scripts it lacks (Arabic answers, Hebrew comments drawn on the stream).
run_pkgs=(gcc python3-dev python3-venv portaudio19-dev libportaudio2 libgl1 libegl1 libglib2.0-0
  libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  fonts-noto-cjk fonts-dejavu-core)
# Real servers and readers the tests start: nginx-rtmp, ngircd, ffmpeg/ffprobe, Xvfb, ImageMagick.
test_pkgs=(nginx libnginx-mod-rtmp libnginx-mod-stream openssl ngircd ffmpeg xvfb imagemagick)

pkgs=("${run_pkgs[@]}")
[ "$want" = "test" ] && pkgs+=("${test_pkgs[@]}")

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian/Ubuntu system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "setup: missing system packages (run as root or with sudo): apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian enables nginx as a system service on install; the tests run their own instances.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
