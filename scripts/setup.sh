#!/usr/bin/env bash
# Set up a fresh Debian machine for vanban: the system packages the project and its tests use,
# then `just`. Run as root (or with sudo available). Safe to run again: installed packages are
# skipped. Packages:
#   poppler-utils          pdftotext/pdftoppm (PDF baseline, page images for OCR)
#   tesseract-ocr(-vie)    OCR of scanned pages, with the Vietnamese model
#   antiword, catdoc       Word 97 (.doc) text
#   chromium(-driver)      the web page's browser tests (WebDriver)
#   hyperfine, sqlite3     benchmarks against the baselines
set -euo pipefail

packages=(poppler-utils tesseract-ocr tesseract-ocr-vie antiword catdoc chromium chromium-driver
  hyperfine sqlite3 fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v just >/dev/null && ! [ -x "$HOME/.cargo/bin/just" ]; then
  echo "setup: installing just"
  cargo install --locked just
fi
echo "setup: ready"
