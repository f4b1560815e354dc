# quorum: `make run` starts the shell, `make test` runs every check. Both install what a fresh
# Debian/Ubuntu machine lacks (scripts/install-deps) before building.

SWIFT ?= swift
PREFIX ?= /usr/local
ARGS ?=
FORMAT_PATHS = Sources Tests Fuzz Package.swift

.PHONY: run test build release install uninstall lint format fuzz bench deps clean

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product quorum

run: release
	@.build/release/quorum $(ARGS)

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive $(FORMAT_PATHS)

format:
	$(SWIFT) format format --in-place --recursive $(FORMAT_PATHS)

install: release
	install -d "$(PREFIX)/bin" "$(PREFIX)/share/quorum"
	install -m 755 .build/release/quorum "$(PREFIX)/bin/quorum"
	rm -rf "$(PREFIX)/share/quorum/lessons"
	cp -R lessons "$(PREFIX)/share/quorum/lessons"
	@echo "Installed $(PREFIX)/bin/quorum with its course in $(PREFIX)/share/quorum/lessons"

uninstall:
	rm -f "$(PREFIX)/bin/quorum"
	rm -rf "$(PREFIX)/share/quorum"

fuzz: deps
	scripts/fuzz $(FUZZ_SECONDS)

bench: release
	scripts/bench

clean:
	rm -rf .build .build-fuzz
