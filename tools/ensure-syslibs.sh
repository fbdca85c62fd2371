#!/usr/bin/env bash
# Debian libraries Qt needs, plus the CJK font that PDFs embed for Chinese names.
#   ensure-syslibs.sh [offscreen]  what offscreen Qt needs (make test, headless reports)
#   ensure-syslibs.sh desktop      that, plus what Qt's xcb platform plugin needs to open a window (make run)
# Installs what is missing when run as root with apt-get; otherwise names it in one line and fails.
set -euo pipefail
offscreen=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei)
# One package per library that PySide6/Qt/plugins/platforms/libqxcb.so and Qt/lib/libQt6XcbQpa.so.6 name
# (readelf -d ... | grep NEEDED), beyond the offscreen set; gui/qt_start.py maps the same libraries.
# A bare Debian 12 with Xvfb lacks libxcb-cursor0, -icccm4, -keysyms1, -image0, -render-util0, -util1
# and libxkbcommon-x11-0; the others come with any X server or desktop but are listed so none is assumed.
xcb=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xkb1 libxcb1 libx11-xcb1 libx11-6)
case "${1:-offscreen}" in
  offscreen) pkgs=("${offscreen[@]}"); need="offscreen Qt"; as_root="run this make target as root" ;;
  # not "make run as root": the app would then keep its data in root's home
  desktop) pkgs=("${offscreen[@]}" "${xcb[@]}"); need="the app's window"; as_root="sudo make desktop-syslibs" ;;
  *) echo "usage: $0 [offscreen|desktop]" >&2; exit 2 ;;
esac
command -v dpkg-query >/dev/null 2>&1 || { echo "syslibs: not a Debian system; install the equivalents of: ${pkgs[*]}"; exit 0; }
# One dpkg-query for all of them; packages it has never heard of print nothing and count as missing.
installed=" $({ dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${pkgs[@]}" 2>/dev/null || true; } | awk '$2 == "installed" {print $1}' | tr '\n' ' ') "
missing=()
for p in "${pkgs[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "syslibs: installing what ${need} needs: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # matplotlib caches the font list; a new font needs a fresh cache.
  rm -rf "${HOME}/.cache/matplotlib"
else
  echo "syslibs: ${need} needs Debian packages that are missing; install them with: sudo apt-get install ${missing[*]} (or ${as_root})"
  exit 1
fi
