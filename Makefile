# kbgen: `make run` builds the default knowledge base, `make test` runs every test,
# `make bench` measures build time and memory on generated knowledge bases.
# Each target first installs the system libraries kbgen needs when they are missing (Debian).

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev zlib1g-dev pkg-config

BROWSER_PACKAGES := chromium python3 nginx-light
# The GitHub Flavored Markdown spec that the Markdown conformance test renders, as Debian ships it.
SPEC_PACKAGES := cmark-gfm

.PHONY: run test fuzz bench deps browser spec axe build release clean

# $(call install,CHECK,PACKAGES,WHY): install Debian packages when CHECK fails.
define install
	@if ! ( $(1) ) >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing $(2) ($(3))"; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "kbgen needs $(2) ($(3)); install them and run make again"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install,command -v pkg-config && pkg-config --exists libcmark-gfm && pkg-config --exists jemalloc && pkg-config --exists zlib,$(APT_PACKAGES),Markdown parser, memory allocator and gzip)

# The browser tests run the search page in headless Chromium, from file:// and from a local
# web server (python3 -m http.server on 127.0.0.1).
browser:
	$(call install,command -v chromium && command -v python3 && test -x /usr/sbin/nginx,$(BROWSER_PACKAGES),browser tests; nginx is started by a test on loopback only)

# axe-core, which the accessibility tests run over every page kind in Chromium, as PyPI's
# axe-playwright-python wheel bundles it (axe-core 4.12.1), checked against its known hash.
AXE := .build/axe/axe.min.js
AXE_SHA256 := 84494fec757e4710dc751c8d7a636e457f4532f08f85c86dc9070133fbff53bc
axe: $(AXE)
$(AXE):
	$(call install,python3 -m pip --version,python3-pip,accessibility tests)
	@mkdir -p .build/axe
	@echo "Downloading axe-core (accessibility tests)"
	@python3 -m pip download --no-deps --quiet --disable-pip-version-check -d .build/axe axe-playwright-python==0.1.8
	@cd .build/axe && python3 -m zipfile -e axe_playwright_python-0.1.8-py3-none-any.whl wheel && cp wheel/axe_playwright_python/axe.min.js axe.min.js.part
	@echo "$(AXE_SHA256)  $(AXE).part" | sha256sum --check --quiet && mv $(AXE).part $(AXE)

build: deps
	swift build

release: deps
	swift build -c release

run: deps
	swift run kbgen

spec:
	$(call install,test -f /usr/share/doc/cmark-gfm/spec.txt.gz,$(SPEC_PACKAGES),Markdown conformance test)

# Every test; the full output goes to .build/test-output.txt, and the terminal shows what failed
# and the totals.
test: deps browser spec axe
	@echo "Building and running every test (full output: .build/test-output.txt)"
	@mkdir -p .build; status=0; swift test > .build/test-output.txt 2>&1 || status=$$?; \
	  grep -E "error:|✘|Test run with|Executed [0-9]+ tests" .build/test-output.txt | grep -v -E "^Test Suite|Executed 0 tests" | cut -c1-400 | head -60; \
	  exit $$status

# 2,000 random edits, each rebuild compared with a full build byte for byte (messages included);
# `make test` runs 120. FUZZ_SEED picks another sequence of edits.
FUZZ_SEED ?= 20261202
fuzz: deps
	KBGEN_FUZZ_EDITS=2000 KBGEN_FUZZ_SEED=$(FUZZ_SEED) swift test --filter RebuildFuzzTests

# Hugo (Debian's package) and Pagefind (PyPI, with its binary) are what kbgen is compared with;
# /usr/bin/time (Debian's time) measures peak memory.
bench: release browser
	$(call install,command -v hugo && test -x /usr/bin/time,hugo time,benchmark)
	@python3 -m pagefind --version >/dev/null 2>&1 || python3 -m pip install -q 'pagefind[extended]'
	python3 bench/run.py

clean:
	rm -rf .build Output bench/work
