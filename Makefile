# The two commands. Both provision Node (scripts/ensure-node) and dependencies (npm ci) first;
# test also provisions the Debian packages its tests drive (scripts/ensure-test-deps).
SHELL := /bin/bash
export PATH := $(CURDIR)/.node/bin:$(PATH)

.PHONY: start test deps lint typecheck bench schema

deps: node_modules/.installed

node_modules/.installed: package-lock.json
	@scripts/ensure-node >/dev/null
	npm ci --no-audit --no-fund
	@touch $@

start: deps
	bin/opsbot start --foreground --config examples/opsbot.yaml

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
