#!/usr/bin/env bash
# Installs what building and testing restake-calc need, skipping what is
# already there. Idempotent; a few seconds when everything is present.
#   scripts/setup.sh          build tools: wasm32 target, wasm-pack,
#                             wasm-bindgen-cli (the version in Cargo.lock),
#                             wasm-opt, npm dev dependencies
#   scripts/setup.sh --test   also Chromium and ChromeDriver for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

apt_install() {
  # Debian packages: needs root (or passwordless sudo).
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
      say "please install these Debian packages as root: $*"; exit 1
    fi
  fi
  say "apt-get install $*"
  if [ ! -f /tmp/.restake-calc-apt-updated ]; then
    $sudo apt-get update -qq && touch /tmp/.restake-calc-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Rust: the wasm32 target, and the standard library's source, which the
# release build recompiles for size (scripts/build.sh).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed | grep -qx rust-src; then
  say "rustup component add rust-src"
  rustup component add rust-src
fi

# wasm-pack, built from crates.io (its npm package downloads a binary).
if ! command -v wasm-pack >/dev/null; then
  say "cargo install wasm-pack (about 3 minutes, once)"
  cargo install wasm-pack
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly, or
# wasm-pack tries to download one.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli $want (about 2 minutes, once)"
  cargo install wasm-bindgen-cli --version "$want"
fi

# wasm-opt (binaryen), used by wasm-pack for release builds.
command -v wasm-opt >/dev/null || apt_install binaryen

# npm dev dependencies: the chart library and the browser test tools.
# `npm install` (which follows package-lock.json) rather than `npm ci`: npm
# 11.19's ci rejects a lock file without every platform's optional packages
# (rollup's), which this machine's npm configuration never writes.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "npm install (from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
fi
