# minihost — the two commands a newcomer needs are `make run` and `make test`.
# Both install what they need first (Debian packages via apt-get, Go modules).

GO       ?= go
BIN      := bin/minihost
ARGS     ?=
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export LANG ?= C.UTF-8

# Debian packages: cgo/Fyne build (libgl1-mesa-dev, xorg-dev), browser tests
# (chromium), Node tests (nodejs), real biometrics and keychain (fprintd,
# libfprint-2-2, gnome-keyring, dbus), GUI tests (xvfb, xdotool, imagemagick).
DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev xorg-dev chromium nodejs \
	dbus dbus-x11 fprintd libfprint-2-2 gnome-keyring libsecret-tools \
	xvfb xdotool x11-apps imagemagick desktop-file-utils

.PHONY: run build test deps vet clean fuzz

## run: build and start minihost on the embedded demo mini program
run: build
	./$(BIN) $(ARGS)

## build: compile bin/minihost
build: deps-build
	$(GO) build -o $(BIN) .

## test: install what the tests need, then run every test (unit, HTTP, end to end)
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...
	$(GO) test -race -count=1 -timeout 10m ./app/... ./hostapi/...

## deps: install the Debian packages and Go modules the build and tests use
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	$(GO) mod download

deps-build:
	@missing=""; for p in gcc pkg-config; do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## fuzz: run every fuzz target for FUZZTIME each (seeds also run in make test)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzWxCall$$' -fuzztime $(FUZZTIME) ./hostapi/
	$(GO) test -run '^$$' -fuzz '^FuzzVerifySignature$$' -fuzztime $(FUZZTIME) ./hostapi/
	$(GO) test -run '^$$' -fuzz '^FuzzLoadMiniProgram$$' -fuzztime $(FUZZTIME) ./app/

vet:
	$(GO) vet ./...

clean:
	rm -rf bin artifacts
