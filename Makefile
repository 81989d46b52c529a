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
# BUILD_PACKAGES: what compiling minihost needs (cgo, Fyne's OpenGL/X11 headers).
BUILD_PACKAGES := gcc pkg-config libgl1-mesa-dev xorg-dev
DEB_PACKAGES := $(BUILD_PACKAGES) chromium nodejs \
	dbus dbus-x11 fprintd libfprint-2-2 gnome-keyring libsecret-tools \
	xvfb xdotool x11-apps imagemagick desktop-file-utils

.PHONY: run build test deps vet clean fuzz bench runtime runtime-check test-js support-table support-table-check api-names api-table

# apt-install installs those of the given Debian packages that are missing
# (apt-get update first, only when something is).
define apt-install
	@missing=""; for p in $(1); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

## run: build and start minihost on the embedded demo mini program
run: build
	./$(BIN) $(ARGS)

## build: compile bin/minihost
build: deps-build
	$(GO) build -buildvcs=true -o $(BIN) .

## test: install what the tests need, then run every test (unit, HTTP, end to end)
test: deps test-js runtime-check support-table-check vet
	$(GO) test -count=1 -timeout 30m ./...
	$(GO) test -race -count=1 -timeout 10m ./app/... ./hostapi/...

# ---- The WXML runtime (assets/runtime) ----------------------------------------
# Built from pinned npm packages (package-lock.json) with esbuild; its output
# assets/runtime/dist is committed so that go build needs no npm.
RUNTIME_DIR := assets/runtime
# npm ci runs once per lockfile change, not once per target.
NODE_MODULES := $(RUNTIME_DIR)/node_modules/.package-lock.json

$(NODE_MODULES): $(RUNTIME_DIR)/package-lock.json $(RUNTIME_DIR)/package.json
	cd $(RUNTIME_DIR) && npm ci --no-audit --no-fund
	@touch $@

## runtime: rebuild assets/runtime/dist and /wx.js (assets/wxjs/dist, its version from FyneApp.toml)
runtime: $(NODE_MODULES)
	cd $(RUNTIME_DIR) && node build.mjs

# What make runtime writes, all committed.
RUNTIME_OUT := $(RUNTIME_DIR)/dist assets/wxjs/dist assets/wxjs/src/version.js assets/wxjs/package.json

## runtime-check: rebuild the runtime and wx.js and fail if the committed output differs
runtime-check: runtime
	@if [ -n "$$(git status --porcelain $(RUNTIME_OUT))" ]; then \
		git status --porcelain $(RUNTIME_OUT); \
		echo "$(RUNTIME_OUT) are not what make runtime builds: run make runtime and commit"; exit 1; \
	fi

## test-js: the runtime's and the minihost-wx package's own tests (node:test)
test-js: $(NODE_MODULES)
	cd $(RUNTIME_DIR) && node --test test/*.test.mjs
	cd assets/wxjs && node --test test/*.test.mjs

## api-table: rewrite wx.js's list of open interfaces (assets/wxjs/src/openapis.js) from app.OpenAPIs
api-table:
	$(GO) test ./hostapi -run '^TestWxJSAPITable$$' -update

## support-table: rewrite README.md's table of supported components and APIs from the code
support-table: $(NODE_MODULES)
	cd $(RUNTIME_DIR) && node tools/support-table.mjs --write $(CURDIR)/README.md

## support-table-check: fail when README.md's support table differs from the code's lists
support-table-check: $(NODE_MODULES)
	cd $(RUNTIME_DIR) && node tools/support-table.mjs --check $(CURDIR)/README.md

## api-names: regenerate src/apis/all-names.js (every wx API) from miniprogram-api-typings
api-names: $(NODE_MODULES)
	cd $(RUNTIME_DIR) && node tools/api-names.mjs

## deps: install the Debian packages and Go modules the build and tests use
deps:
	$(call apt-install,$(DEB_PACKAGES))
	$(GO) mod download

deps-build:
	$(call apt-install,$(BUILD_PACKAGES))

## fuzz: run every fuzz target for FUZZTIME each (seeds also run in make test)
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzWxCall$$' -fuzztime $(FUZZTIME) ./hostapi/
	$(GO) test -run '^$$' -fuzz '^FuzzVerifySignature$$' -fuzztime $(FUZZTIME) ./hostapi/
	$(GO) test -run '^$$' -fuzz '^FuzzLoadMiniProgram$$' -fuzztime $(FUZZTIME) ./app/
	$(GO) test -run '^$$' -fuzz '^FuzzRedact$$' -fuzztime $(FUZZTIME) ./app/

## vet: go vet, and gofmt must have nothing to change
vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$($(GO) list -f '{{.Dir}}' ./...)); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

## bench: measure minihost against baselines and print the ratios
bench:
	$(GO) run ./bench

clean:
	rm -rf bin artifacts dist

# ---- Packaging ---------------------------------------------------------------
# `make package` builds dist/minihost.tar.xz with `fyne package` (fyne.io/tools,
# pinned, installed into bin/tools): a release build carrying the VCS commit,
# the .desktop entry and the icon from FyneApp.toml, and
# packaging/linux/Makefile as the tarball's installer. `make install` and
# `make uninstall` run that installer (PREFIX, ~/.local by default).
# docs/install.md is the testers' side of it.

FYNE_TOOLS_VERSION := v1.7.4
TOOLS   := $(CURDIR)/bin/tools
FYNE    := $(TOOLS)/fyne
DIST    ?= dist
DISTDIR  = $(abspath $(DIST))
PKG      = $(DISTDIR)/minihost.tar.xz
PREFIX  ?= $(HOME)/.local
# The package must name its commit (`minihost version`), whatever the go env
# says (this machine's has -buildvcs=false); a GOFLAGS in the environment is kept.
PKG_GOFLAGS := $(strip $(GOFLAGS) -buildvcs=true)

.PHONY: package install uninstall package-darwin fyne-tool deps-package

## fyne-tool: install the pinned fyne packaging command into bin/tools
fyne-tool:
	@$(FYNE) version 2>/dev/null | grep -qF 'fyne cli version: $(FYNE_TOOLS_VERSION)' || \
		GOBIN=$(TOOLS) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

# deps-package: the cgo toolchain, and xz for the tarball (tar -J), which a
# minimal Debian lacks.
deps-package: deps-build
	$(call apt-install,xz-utils)

## package: build dist/minihost.tar.xz (binary, .desktop entry, icon, installer Makefile)
# fyne writes the tarball into the directory it runs in; its own Makefile in
# there is swapped for packaging/linux/Makefile and the tarball made again.
# fyne also bumps Build in FyneApp.toml after every package (rewriting the
# file without its comments): it is put back, as Build is bumped by hand with
# a release (CHANGELOG.md), not by every developer's `make package`.
package: deps-package fyne-tool
	rm -rf $(DISTDIR)/stage && mkdir -p $(DISTDIR)/stage
	cp FyneApp.toml $(DISTDIR)/stage/FyneApp.toml.keep
	cd $(DISTDIR)/stage && GO=$(GO) GOFLAGS="$(PKG_GOFLAGS)" $(FYNE) package -os linux -release --src $(CURDIR); \
		status=$$?; cmp -s FyneApp.toml.keep $(CURDIR)/FyneApp.toml || cp FyneApp.toml.keep $(CURDIR)/FyneApp.toml; exit $$status
	tar -xJf $(DISTDIR)/stage/minihost.tar.xz -C $(DISTDIR)/stage
	cp packaging/linux/Makefile $(DISTDIR)/stage/minihost/Makefile
	tar -cJf $(PKG).tmp --owner=0 --group=0 --sort=name -C $(DISTDIR)/stage minihost
	mv $(PKG).tmp $(PKG)
	rm -rf $(DISTDIR)/stage
	@echo "built $(PKG)"

$(PKG):
	$(MAKE) package DIST=$(DISTDIR)

## install: install the package into PREFIX (default ~/.local); builds it first if missing
install: $(PKG)
	rm -rf $(DISTDIR)/unpacked && mkdir -p $(DISTDIR)/unpacked
	tar -xJf $(PKG) -C $(DISTDIR)/unpacked
	$(MAKE) -C $(DISTDIR)/unpacked/minihost install PREFIX=$(PREFIX)
	rm -rf $(DISTDIR)/unpacked

## uninstall: remove what install put into PREFIX (the data dir is kept)
uninstall:
	$(MAKE) -f $(CURDIR)/packaging/linux/Makefile uninstall PREFIX=$(PREFIX)

## package-darwin: build dist/minihost.app (on a Mac only)
package-darwin:
	@if [ "$$(uname -s)" != Darwin ]; then \
		echo "package-darwin: a macOS .app can only be built on a Mac: fyne package links against" >&2; \
		echo "macOS's Cocoa and OpenGL frameworks with Apple's toolchain, which $$(uname -s) does not have." >&2; \
		echo "On a Mac with Go 1.26 and the Xcode command line tools (xcode-select --install), run here:" >&2; \
		echo "    make package-darwin" >&2; \
		echo "or without make:" >&2; \
		echo "    go install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)" >&2; \
		echo "    GOFLAGS=-buildvcs=true fyne package -os darwin -release   # writes minihost.app" >&2; \
		exit 1; \
	fi
	$(MAKE) fyne-tool
	rm -rf $(DISTDIR)/minihost.app && mkdir -p $(DISTDIR)
	cp FyneApp.toml $(DISTDIR)/FyneApp.toml.keep
	cd $(DISTDIR) && GO=$(GO) GOFLAGS="$(PKG_GOFLAGS)" $(FYNE) package -os darwin -release --src $(CURDIR); \
		status=$$?; cmp -s FyneApp.toml.keep $(CURDIR)/FyneApp.toml || cp FyneApp.toml.keep $(CURDIR)/FyneApp.toml; \
		rm -f FyneApp.toml.keep; exit $$status
	@echo "built $(DISTDIR)/minihost.app"
