#!/usr/bin/env bash
# ensure-azurite.sh: install Azurite (Azure Storage emulator, npm) once into the user's cache,
# outside the checkout, and print the folder holding azurite-blob (for PATH). The Azure tests of
# core/remote start it themselves on a loopback port.
set -euo pipefail
ver=3.37.0
dir="${XDG_CACHE_HOME:-$HOME/.cache}/tensogram-go/azurite-$ver"
if [ ! -x "$dir/node_modules/.bin/azurite-blob" ]; then
	command -v npm >/dev/null || { echo "ensure-azurite: npm is needed (Debian package npm)" >&2; exit 1; }
	mkdir -p "$dir"
	npm install --silent --no-audit --no-fund --prefix "$dir" "azurite@$ver" >&2
fi
echo "$dir/node_modules/.bin"
