# restake-calc — the two commands of the README, plus the parts they are made of.
#   make serve   install what is missing, build, serve the site (build/site) at http://127.0.0.1:$(PORT)
#   make test    install what is missing (Chromium too), run every test suite
#   make fuzz    run each fuzz target for FUZZ_SECONDS (default 300) seconds
PORT ?= 8080

.PHONY: serve test build pkg setup bench budget clean fuzz

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build.sh

serve: build
	@node scripts/serve.mjs build/site $(PORT)

pkg: build
	@node scripts/make-pkg.mjs

test:
	@bash scripts/test.sh

# Timings and sizes of the release build in one run; writes bench/RESULTS.md.
bench: pkg
	@node bench/run.mjs

fuzz:
	@bash scripts/fuzz.sh

# The size budget of bench/budgets.json (sizes only, deterministic).
budget: build
	@node --test tests/budget/

clean:
	rm -rf build pkg www/pkg www/vendor target node_modules
