# git-thesis build.  `make` builds ./git-thesis; `make test` builds with
# AddressSanitizer and UndefinedBehaviorSanitizer and runs every test under
# prove; `make demo` runs the tool on the bundled example vault.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/git-thesis
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = libgit2 yaml-0.1 libcmark jansson
DEB_PKGS = libgit2-dev libyaml-dev libcmark-dev libjansson-dev pkg-config
DEB_TEST_PKGS = libcmocka-dev bats
VERSION := 0.1.0

STD_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
	     -Wno-missing-field-initializers \
	     -DGIT_THESIS_VERSION='"$(VERSION)"' -Iinclude
CFLAGS ?= -O2 -g
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(STD_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)

# Sanitizer build used by `make test`.
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	    -fno-sanitize-recover=undefined -Werror

SRCS = $(sort $(wildcard src/*.c))
LIB_SRCS = $(filter-out src/git-thesis.c,$(SRCS))
OBJS = $(SRCS:src/%.c=build/obj/%.o)
SAN_OBJS = $(SRCS:src/%.c=build/san/%.o)
SAN_LIB_OBJS = $(LIB_SRCS:src/%.c=build/san/%.o)
UNIT_SRCS = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/unit/%)
E2E_TESTS = $(sort $(wildcard tests/e2e/*.bats))
MAN_PAGES = $(wildcard man/*.1 man/*.5)
HOOKS = $(wildcard hooks/*)

all: git-thesis

# Plain `make` never installs anything: it names the packages to install.
check-deps:
	@missing=; \
	for p in $(PKGS); do $(PKG_CONFIG) --exists $$p 2>/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then \
		echo "git-thesis: missing build dependencies; run:" >&2; \
		echo "    apt-get install -y $(DEB_PKGS)" >&2; \
		echo "(or 'make deps', which does that as root or through sudo)" >&2; \
		exit 1; \
	fi

deps:
	@sh tests/install-deps.sh $(DEB_PKGS) $(DEB_TEST_PKGS)

git-thesis: $(OBJS) | check-deps
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(PKG_LIBS) $(LDFLAGS)

# `make V=1` shows the compiler command lines.
Q = $(if $(V),,@)
QUIET_CC = $(if $(V),,@echo "   CC $@";)

build/obj/%.o: src/%.c | check-deps
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/san/%.o: src/%.c | check-deps
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(STD_CFLAGS) $(PKG_CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

build/san/git-thesis: $(SAN_OBJS)
	$(QUIET_CC)$(CC) $(SAN_FLAGS) -o $@ $(SAN_OBJS) $(PKG_LIBS)

build/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(SAN_LIB_OBJS)
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(STD_CFLAGS) $(PKG_CFLAGS) $(SAN_FLAGS) -o $@ $< \
		$(SAN_LIB_OBJS) $(PKG_LIBS) -lcmocka

-include $(OBJS:.o=.d) $(SAN_OBJS:.o=.d)

# `make test` installs what is missing first (as root or with sudo).
test:
	@sh tests/install-deps.sh --if-missing $(DEB_PKGS) $(DEB_TEST_PKGS)
	@$(MAKE) --no-print-directory test-build check-layers
	@GIT_THESIS_BIN=$(CURDIR)/build/san/git-thesis \
	 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 prove -j2 --exec $(CURDIR)/tests/tap-exec $(UNIT_BINS) $(E2E_TESTS)

test-build: build/san/git-thesis $(UNIT_BINS)

# Layers go one way (src/README): a renderer gets resolved data and never
# sees libgit2, so no render_*.c may pull in a libgit2 header, directly or
# through another header.
RENDER_SRCS = $(filter src/render_%.c,$(SRCS))
check-layers:
	@fail=; for f in $(RENDER_SRCS); do \
		deps=$$($(CC) $(STD_CFLAGS) $(PKG_CFLAGS) -M $$f) || exit 1; \
		if printf '%s\n' $$deps | grep -E '(^|/)git2(\.h|/)' >/dev/null; then \
			echo "check-layers: $$f includes libgit2" \
			     "(renderers never see the repository)" >&2; \
			fail=1; \
		fi; \
	done; test -z "$$fail"

# The end-to-end suite again, every git-thesis run under Valgrind memcheck.
test-valgrind: git-thesis
	@GIT_THESIS_BIN=$(CURDIR)/git-thesis GIT_THESIS_VALGRIND=1 \
	 prove -j2 --exec $(CURDIR)/tests/tap-exec $(E2E_TESTS)

demo:
	@sh tests/install-deps.sh --if-missing $(DEB_PKGS)
	@$(MAKE) --no-print-directory git-thesis
	@sh tests/fixtures/demo.sh $(CURDIR)/git-thesis $(CURDIR)/build/demo

# libFuzzer targets for the parser and the vault, each for FUZZ_SECONDS
# (clang with libFuzzer: apt-get install clang libclang-rt-14-dev).
FUZZ_SECONDS ?= 60
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: git-thesis
	@sh tests/bench/run.sh $(CURDIR)/git-thesis $(CURDIR)/build/bench

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -Iinclude --suppress=missingIncludeSystem src
	clang-tidy --quiet --warnings-as-errors='*' \
		--checks='-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-clang-analyzer-deadcode.DeadStores,-clang-analyzer-valist.Uninitialized' \
		$(SRCS) -- $(STD_CFLAGS) $(PKG_CFLAGS)

format:
	clang-format -i src/*.c include/*.h tests/unit/*.c

install: git-thesis
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SHAREDIR)/hooks
	install -m 755 git-thesis $(DESTDIR)$(BINDIR)/git-thesis
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in man/*.5; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for h in $(HOOKS); do install -m 755 $$h $(DESTDIR)$(SHAREDIR)/hooks/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/git-thesis
	for m in $(notdir $(wildcard man/*.1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	for m in $(notdir $(wildcard man/*.5)); do rm -f $(DESTDIR)$(MANDIR)/man5/$$m; done
	for h in $(notdir $(HOOKS)); do rm -f $(DESTDIR)$(SHAREDIR)/hooks/$$h; done
	-rmdir $(DESTDIR)$(SHAREDIR)/hooks $(DESTDIR)$(SHAREDIR) 2>/dev/null

clean:
	rm -rf build git-thesis

.PHONY: all check-deps deps test test-build check-layers test-valgrind demo \
	bench fuzz lint format install uninstall clean
