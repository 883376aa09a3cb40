# kbgen: `make run` builds the default knowledge base, `make test` runs every test,
# `make bench` measures build time and memory on generated knowledge bases.
# Each target first installs the system libraries kbgen needs when they are missing (Debian).

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config

.PHONY: run test bench deps build release clean

deps:
	@if ! command -v pkg-config >/dev/null || ! pkg-config --exists libcmark-gfm; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing $(APT_PACKAGES)"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	  else \
	    echo "kbgen needs libcmark-gfm and its extensions (Debian: $(APT_PACKAGES))"; exit 1; \
	  fi; \
	fi

build: deps
	swift build

release: deps
	swift build -c release

run: deps
	swift run kbgen

test: deps
	swift test

bench: release
	python3 bench/run.py

clean:
	rm -rf .build Output bench/work
