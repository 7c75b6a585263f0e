# Kurs — developer entry points. `make` (or `make help`) lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
NPM ?= npm

.PHONY: help run frontend-build test fmt lint openapi

help: ## List the targets
	@echo "Kurs make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

frontend-build: ## Build the web app into frontend/dist (npm ci + vite build)
	@if [ -f frontend/package.json ]; then \
		cd frontend && $(NPM) ci && $(NPM) run build; \
	else \
		echo "frontend-build: frontend/package.json not found, nothing to build"; \
	fi

run: frontend-build ## Build (release) and run the server with demo data
	@# Release builds embed frontend/dist; rust-embed sees a newly built dist only when the
	@# kurs crate recompiles, so make sure it does when dist is newer than the binary.
	@if [ -f frontend/dist/index.html ] && [ frontend/dist/index.html -nt target/release/kurs ]; then \
		touch backend/src/http/spa.rs; \
	fi
	$(CARGO) run --release -p kurs -- serve --demo

test: ## Run the whole test suite (fmt, clippy, SQLite + PostgreSQL legs, frontend)
	scripts/test.sh

fmt: ## Format all Rust code
	$(CARGO) fmt --all

lint: ## Run clippy with warnings as errors
	$(CARGO) clippy --workspace --all-targets -- -D warnings

openapi: ## Regenerate openapi/openapi.json from the backend
	@mkdir -p openapi
	$(CARGO) run -q -p kurs -- openapi > openapi/openapi.json.tmp || { rm -f openapi/openapi.json.tmp; exit 1; }
	@mv openapi/openapi.json.tmp openapi/openapi.json
	@echo "wrote openapi/openapi.json"

.PHONY: bench fuzz crash-test audit

bench: ## Benchmark: release build, SQLite + PostgreSQL, base + 10x data (docs/QUALITY.md)
	scripts/bench.sh

fuzz: ## API fuzzing with schemathesis against the served OpenAPI, one pass per role
	scripts/fuzz.sh

crash-test: ## kill -9 the SQLite server during concurrent writes, verify the database
	scripts/crash-test.sh

# Advisories need the RustSec database from github.com and npm audit the registry's audit
# endpoint; where either cannot be reached the step says so loudly and is skipped, unless
# AUDIT_STRICT=1 (then it fails). Licences, bans and sources are always checked.
audit: ## Supply chain: cargo deny (licences, bans, sources, advisories), npm audit --omit=dev
	@command -v cargo-deny >/dev/null || { echo "audit: cargo-deny missing: cargo install cargo-deny --locked"; exit 1; }
	$(CARGO) deny check licenses bans sources
	@if $(CARGO) deny fetch >/dev/null 2>&1; then \
		$(CARGO) deny check advisories; \
	else \
		echo "audit: ADVISORIES NOT CHECKED: the RustSec advisory database cannot be fetched"; \
		[ "$${AUDIT_STRICT:-0}" != 1 ]; \
	fi
	@if [ -f frontend/package-lock.json ]; then \
		out=$$(cd frontend && $(NPM) audit --omit=dev 2>&1); rc=$$?; echo "$$out"; \
		if [ $$rc -ne 0 ] && echo "$$out" | grep -q "audit endpoint returned an error"; then \
			echo "audit: NPM AUDIT NOT DONE: the registry's audit endpoint is not reachable"; \
			[ "$${AUDIT_STRICT:-0}" != 1 ]; \
		else exit $$rc; fi; \
	fi
