# Daftar — build, run and test.
#   make run    install the GUI build prerequisites if missing, build, open the GUI
#   make test   vet, build every package, run the whole test suite
#   make bench  run the benchmarks (figures go into README.md)
#   make cross-vet  vet and compile the tests of the pure-Go packages for Windows and macOS
#   make wine-test  run the Windows test binaries of the pure-Go packages under wine
#   make dist   every package into dist/ (see "Packages" below)
#   make fuzz   fuzz every fuzz target for FUZZTIME seconds each (CI runs 5 s)

GO      ?= go
BIN     ?= daftar
VERSION ?= $(shell ./scripts/version.sh)
LDFLAGS := -X daftar/cli.Version=$(VERSION)

# Specifications the tests check against and may not copy (the official
# REFI-QDA schema, the 2016 W3C annotation context): a folder named by DAFTAR_SPECS, by default the shared/
# folder beside the clone when there is one.
DAFTAR_SPECS ?= $(abspath $(wildcard ../shared/specs))
export DAFTAR_SPECS

# Debian/Ubuntu packages: cgo + X11/GL headers for the GLFW window; the
# Unicode data files, tesseract and xmllint for the conformance, OCR and
# REFI-QDA schema tests.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev
TEST_PKGS  := unicode-data tesseract-ocr tesseract-ocr-ara libxml2-utils sqlite3

.PHONY: all deps test-deps build run test vet bench clean e2e cross-vet wine-test fuzz

all: build

# Installs only what is missing; uses sudo when not root.
deps:
	@./scripts/apt-ensure.sh $(BUILD_PKGS)

test-deps: deps
	@./scripts/apt-ensure.sh $(TEST_PKGS)

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

run: build
	./$(BIN)

vet:
	$(GO) vet ./...
	$(GO) vet -tags automation ./app  # the e2e build's automation hook

test: test-deps vet
	$(GO) build ./...
	$(GO) test -count=1 ./...

# The real GUI under Xvfb, driven with xdotool; screenshots of every screen
# go to $(SHOTS).
SHOTS ?= e2e-shots
# e2e runs every real-window script, each with its own screenshots folder,
# and fails if any failed; `make e2e E2E=entry` runs scripts/e2e-entry.sh alone.
E2E ?= main entry surfaces i18n news team backups
E2E_PKGS := xvfb xdotool imagemagick tesseract-ocr tesseract-ocr-ara jq x11-xkb-utils

e2e: deps
	@./scripts/apt-ensure.sh $(E2E_PKGS)
	@failed=; for t in $(E2E); do \
		s=./scripts/e2e-$$t.sh; [ $$t = main ] && s=./scripts/e2e.sh; \
		echo "== $$s"; $$s $(SHOTS)/$$t || failed="$$failed $$t"; \
	done; if [ -n "$$failed" ]; then echo "e2e failed:$$failed"; exit 1; fi

# Every package that needs no cgo (all but the GUI) must build for Windows
# and macOS: vet and compile its tests for them.
cross-vet:
	./scripts/cross-vet.sh

# The Windows test binaries of the pure-Go packages, run under wine (see the
# script for what it proves and what it cannot).
wine-test:
	./scripts/wine-test.sh -count=1

# One target at a time; crashers land in testdata/fuzz/ as regression tests.
FUZZTIME ?= 60
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -f $(BIN)
	rm -rf build $(DIST)

# ---- Packages ---------------------------------------------------------------
# make dist        on Linux: .deb, .tar.xz, Windows installer and portable zip
#                  (cross-built with mingw-w64), daftar-cli for six systems;
#                  on macOS: Daftar.app in a .dmg for arm64 and amd64
# make dist-check  install the .deb and check every package (CI runs it)
DIST      ?= dist
DIST_PKGS := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis zip unzip xz-utils \
	desktop-file-utils appstream

.PHONY: dist dist-deps dist-linux dist-windows dist-cli dist-macos dist-check

ifeq ($(shell uname -s),Darwin)
dist: dist-macos
else
dist: dist-linux dist-windows dist-cli
endif

dist-deps: deps
	@./scripts/apt-ensure.sh $(DIST_PKGS)

dist-linux: dist-deps
	DIST=$(DIST) GO=$(GO) ./scripts/dist-linux.sh

dist-windows: dist-deps
	DIST=$(DIST) GO=$(GO) ./scripts/dist-windows.sh

dist-cli:
	DIST=$(DIST) GO=$(GO) ./scripts/dist-cli.sh

dist-macos:
	DIST=$(DIST) GO=$(GO) ./scripts/dist-macos.sh

dist-check: dist-deps
	DIST=$(DIST) GO=$(GO) ./scripts/dist-check.sh
