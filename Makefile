# Backline — the two commands a fresh machine needs are `make run` and `make test`.
SWIFT ?= swift
# Tests also run on PostgreSQL when this database answers (CI installs and starts it; see .ci/run).
TEST_POSTGRES_URL ?= postgres://backline:backline@127.0.0.1:5432/postgres?tlsmode=disable

.PHONY: run test test-sqlite test-postgres test-cluster deps build release bench fuzz format lint clean

## run: build (release), migrate, seed the demo catalog on first start, serve on http://127.0.0.1:8080
run: deps release
	.build/release/backline serve

## test: install what tests need, build, run every test on SQLite, and on PostgreSQL when it is reachable
test: deps
	$(SWIFT) build --build-tests
	$(MAKE) test-sqlite
	@if scripts/postgres-reachable "$(TEST_POSTGRES_URL)"; then \
		$(MAKE) test-postgres; \
	else \
		echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL): the PostgreSQL pass is skipped (CI runs it)."; \
	fi

test-sqlite:
	$(SWIFT) test --skip-build

test-postgres:
	BACKLINE_TEST_POSTGRES_URL="$(TEST_POSTGRES_URL)" $(SWIFT) test --skip-build

## test-cluster: two release instances on a throwaway PostgreSQL database behind nginx; browser, API, checkout-race
## and fault scenarios across them (installs and starts PostgreSQL and nginx when missing; see scripts/test-cluster)
test-cluster: deps
	scripts/test-cluster

## deps: system packages the build needs (libmagic), installed with apt-get when missing
deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product backline

## bench: wrk against a release build over a seeded 100,000-product catalog (see scripts/bench)
bench: deps
	scripts/bench

## fuzz: schemathesis (PyPI, in .build/fuzz-venv) against a debug build on a seeded temporary database, driven by
## /api/openapi.json: no 5xx, statuses, content types and bodies as documented (see scripts/fuzz)
fuzz: deps
	scripts/fuzz

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## lint: what CI checks before building: the code as swift-format writes it (`make format` fixes it), and every
## generated file as its generator writes it
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	scripts/gen-mustache-lookups --check
	scripts/gen-openapi --check

clean:
	rm -rf .build
