#!/usr/bin/env bash
# make test: installs what is missing, then runs every suite and prints one
# summary. Exits non-zero if any suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh --test || { echo "setup failed"; exit 1; }

# The wasm test files: tests/web*.rs (bindings, one file per area).
wasm_tests=()
for f in tests/web*.rs; do wasm_tests+=(--test "$(basename "$f" .rs)"); done

declare -a names=() results=() times=()
run() {
  local name=$1; shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then results+=(pass); else results+=(FAIL); fi
  names+=("$name"); times+=($((SECONDS - start)))
}

run "native: cargo test"            cargo test --quiet
run "build: release wasm + www"     bash scripts/build.sh
run "build: npm package"            node scripts/make-pkg.mjs
run "size: budget (bench/budgets.json)" node --test tests/budget/
run "wasm: bindings in Node"        wasm-pack --log-level warn test --node --mode no-install -- "${wasm_tests[@]}"
run "wasm: bindings in Chromium"    env WASM_BINDGEN_USE_BROWSER=1 wasm-pack --log-level warn test --headless --chrome --mode no-install -- "${wasm_tests[@]}"
run "browser: the page (Playwright)" node --test --test-concurrency=1 tests/e2e/
run "package: tarball as a user"    node --test --test-concurrency=1 tests/package/
run "fuzz: smoke run (seed 1)"      bash scripts/fuzz.sh --smoke

passed=0; failed=0
printf '\n\033[1m== Summary ==\033[0m\n'
for i in "${!names[@]}"; do
  printf '  %-4s  %-34s %4ss\n' "${results[$i]}" "${names[$i]}" "${times[$i]}"
  if [ "${results[$i]}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
