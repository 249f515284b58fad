#!/bin/bash
# Installs what tools/corpus needs, from Debian's packages (run as root).
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  chromium tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-liberation \
  xvfb xterm x11-utils imagemagick git python3
