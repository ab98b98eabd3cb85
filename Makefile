# The two commands of the README's quick start:
#   make serve  installs everything into .venv and serves the app on SQLite with demo data
#   make test   installs what the tests need (Python packages and Chromium) and runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DEBUG=1

# pip -qq: only errors (this machine's pip configuration warns about every missing mirror).
PIP := $(BIN)/python -m pip install -qq
# apt-get as root, or through sudo.
APT = $$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: serve test install install-test system-libs chromium assets

$(BIN)/python:
	@echo "Creating .venv (Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'))"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing the Python packages into .venv"
	@$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installing the Python packages and test tools into .venv"
	@$(PIP) -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed system-libs

install-test: $(VENV)/.installed-test system-libs chromium

# WeasyPrint subsets fonts with HarfBuzz's subsetter. Without Debian's libharfbuzz-subset0 it
# falls back to fontTools, more slowly, and logs a warning for every PDF it makes.
system-libs:
	@if ! ldconfig -p | grep -q 'libharfbuzz-subset\.so\.0'; then \
	  echo "Installing Debian's libharfbuzz-subset0 (font subsetting for PDFs)"; \
	  $(APT) update -qq && $(APT) install -y -qq libharfbuzz-subset0 >/dev/null; \
	fi
	@# Printed documents quote texts in any language: Debian's Noto fonts give Urdu (and the
	@# other scripts Liberation Sans lacks) and emoji their glyphs instead of empty boxes.
	@if ! fc-list :lang=ur | grep -q . || ! fc-list | grep -qi 'color emoji'; then \
	  echo "Installing Debian's Noto fonts (other scripts and emoji in PDFs)"; \
	  $(APT) update -qq && $(APT) install -y -qq fonts-noto-core fonts-noto-color-emoji >/dev/null; \
	fi

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(APT) update -qq && $(APT) install -y -qq chromium >/dev/null; \
	fi

serve: install
	@$(DEV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(DEV) $(BIN)/python manage.py seed_demo
	@echo "Open http://127.0.0.1:8000/ and sign in with one of the accounts above (Ctrl-C stops)."
	@$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000 --verbosity 0

test: install-test
	$(BIN)/python -m pytest

# Rebuild static/ from the npm packages (needs Node.js; the built files are committed).
assets:
	npm ci && npm run build
