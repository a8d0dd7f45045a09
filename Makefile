# rasad — the README's two commands live here: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RASAD  := $(VENV)/bin/rasad
PYTEST_WORKERS ?= 2

# Debian packages the tests need (installed by `make system-deps`, which `make test` runs).
SYSTEM_PACKAGES ?= postgresql openjdk-17-jre-headless chromium

.PHONY: demo test install install-dev system-deps bench bench-peers models lint clean

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
	$(RASAD) ingest examples/*.txt --db demo.db
	$(RASAD) serve --db demo.db

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
	$(PY) bench/quotes.py
	$(PY) bench/events.py
	$(PY) bench/ner.py

# Peer tools (hazm, shekar, rishe, python-negar, parsivar, parstdex) pull in their own pinned stacks: they get
# a venv of their own so that they never change what rasad itself is tested with.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -e '.[bench]'
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps hazm==0.10.0  # see the [bench] extra
	touch $@

bench-peers: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/zwnj.py
	$(BENCH_VENV)/bin/python bench/time.py

# Rebuild every trained model and generated gazetteer in src/rasad/lang/fa from ../shared/data (development only).
# Order matters: the NER gazetteers feed half-space name protection, and NER trains on normalized text.
models: install-dev
	$(PY) -m pip install --quiet -e '.[dev,train]'  # torch, for the BiLSTM name tagger
	$(PY) training/ner.py gazetteers
	$(PY) training/zwnj.py
	$(PY) training/ner_clusters.py
	$(PY) training/ner.py train

lint: install-dev
	$(PY) -m compileall -q src tests bench training

# Coverage-guided fuzzing of normalize and the ingest readers (atheris), FUZZ_TIME seconds per target,
# seeded from tests/bad_inputs; crash reproducers land in FUZZ_ARTIFACTS. `make test` runs a 10 s version.
FUZZ_TIME ?= 60
FUZZ_ARTIFACTS ?= /tmp/rasad-fuzz
.PHONY: fuzz
$(VENV)/.installed-fuzz: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[fuzz]'
	touch $@

fuzz: $(VENV)/.installed-fuzz
	mkdir -p $(FUZZ_ARTIFACTS)
	$(PY) fuzz/normalize_target.py -max_total_time=$(FUZZ_TIME) -artifact_prefix=$(FUZZ_ARTIFACTS)/normalize-
	$(PY) fuzz/ingest_target.py -max_total_time=$(FUZZ_TIME) -artifact_prefix=$(FUZZ_ARTIFACTS)/ingest-

clean:
	rm -rf $(VENV) $(BENCH_VENV) build src/*.egg-info .pytest_cache .hypothesis
