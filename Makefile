# rasad — the README's two commands live here: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RASAD  := $(VENV)/bin/rasad
PYTEST_WORKERS ?= 2

# Debian packages the tests need (installed by `make system-deps`, which `make test` runs).
SYSTEM_PACKAGES ?= postgresql openjdk-17-jre-headless

.PHONY: demo test install install-dev system-deps bench models lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3

# Reinstall whenever pyproject.toml changes; the stamp records what was installed.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(RASAD) --version
	$(RASAD) analyze examples/*.txt

# Installs only what is missing; needs root (as on CI) the first time.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

test: install-dev system-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

bench: install-dev
	$(PY) bench/pipeline.py
	$(PY) bench/accuracy.py

lint: install-dev
	$(PY) -m compileall -q src tests bench training

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis
