#!/usr/bin/env bash
# Debian libraries that offscreen Qt needs, plus the CJK font that PDFs embed for Chinese names.
# Installs what is missing when run as root with apt-get; otherwise names what to install.
set -euo pipefail
pkgs=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei)
command -v dpkg-query >/dev/null 2>&1 || { echo "syslibs: not a Debian system; install the equivalents of: ${pkgs[*]}"; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "syslibs: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # matplotlib caches the font list; a new font needs a fresh cache.
  rm -rf "${HOME}/.cache/matplotlib"
else
  echo "syslibs: missing Debian packages: ${missing[*]}"
  echo "syslibs: install them with: sudo apt-get install ${missing[*]}"
  exit 1
fi
