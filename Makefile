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
