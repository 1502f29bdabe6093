#!/usr/bin/env bash
# Set up argmap on a fresh Debian machine: the system libraries Qt needs, fonts,
# and a virtual environment in .venv with argmap installed (editable).
#   bash scripts/install.sh          the app
#   bash scripts/install.sh --test   the app and the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

# Qt offscreen and in a window, fonts for every script a map may hold, Xvfb for
# headless screenshots.
packages=(
  libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
  xvfb xauth
)
# The tests also check that a Node.js Yjs client (yjs, y-websocket from npm) can join a shared map:
# Debian's Node.js and npm, unless node and npm are already there (from another source, say).
if [ -n "$extras" ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "argmap needs Python 3.11 or newer; $("$python" --version) found." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
