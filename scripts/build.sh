#!/usr/bin/env bash
# Builds the release WebAssembly module twice from one crate:
#   build/web   ES module + .wasm fetched by init()   (browsers, bundlers, www/)
#   build/node  CommonJS that loads the .wasm synchronously (Node, no init step)
# then copies the web build and the chart library into www/, and writes the
# site as served, build/site: www/ with its scripts and styles minified
# (scripts/build-site.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
# wasm-opt from the npm package binaryen (version pinned in package.json):
# Debian's binaryen 108 breaks the externref table of wasm-bindgen >= 0.2.10x.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The standard library is rebuilt with the module (-Zbuild-std, through
# RUSTC_BOOTSTRAP on the stable toolchain): compiled for size
# (optimize_for_size) and with panics that abort at once instead of
# formatting a message nobody reads (a panic is unreachable from any input;
# the fuzz targets check that natively), and without the source locations
# of panics (this machine's paths, in the module). Measured: 151.3 -> 137.8
# KB gzipped.
# The tests build the module without it, so they need no rust-src.
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
for target in web nodejs; do
  out=build/${target%js}
  rm -rf "$out/snippets" # the JS of #[wasm_bindgen(inline_js)], regenerated below
  wasm-pack --log-level warn build --release --mode no-install --no-pack \
    --target "$target" --out-dir "$out" --out-name restake_calc . \
    -- -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
done

mkdir -p www/pkg www/vendor
rm -rf www/pkg/snippets
cp -r build/web/restake_calc.js build/web/restake_calc_bg.wasm build/web/snippets www/pkg/
cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css www/vendor/
printf '[build] www/pkg/restake_calc_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c < www/pkg/restake_calc_bg.wasm)" "$(gzip -9c www/pkg/restake_calc_bg.wasm | wc -c)"
node scripts/build-site.mjs www build/site
