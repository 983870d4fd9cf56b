#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (browsers cannot be downloaded by npm here).
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto color emoji"; then echo "[browser-up] chromium present: $(/usr/bin/chromium --version 2>/dev/null || true)"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[browser-up] installing Debian chromium"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null
/usr/bin/chromium --version || true
