# The two commands. Both provision Node (scripts/ensure-node), dependencies (npm ci) and the
# compiled runtime (scripts/build) first;
# test also provisions the Debian packages its tests drive (scripts/ensure-test-deps).
SHELL := /bin/bash
export PATH := $(CURDIR)/.node/bin:$(PATH)

.PHONY: start test deps lint typecheck bench schema

deps: node_modules/.installed dist/.built

# The compiled runtime (scripts/build): rebuilt whenever a source file is newer than the last build.
dist/.built: node_modules/.installed tsconfig.build.json $(shell find src -type f)
	scripts/build

node_modules/.installed: package-lock.json
	@scripts/ensure-node >/dev/null
	npm ci --no-audit --no-fund
	@touch $@

# `make start SANDBOX=all`: every emulator and a daemon running every built-in app against them.
start: deps
ifeq ($(SANDBOX),all)
	scripts/start-sandbox
else
	bin/opsbot start --foreground --config examples/opsbot.yaml
endif

test: deps
	@scripts/ensure-test-deps
	npx biome check .
	npx tsc --noEmit
	npx depcruise src --config .dependency-cruiser.cjs --output-type err
	scripts/run-tests

bench: deps
	node bench/run.ts

schema: deps
	node scripts/gen-schema.ts
