# Two commands for learners and maintainers: `make lab` opens the course, `make test` runs every test.
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test lint unit notebooks bench chromium slides site instructor clean hub hub-deps hub-stop hub-link hub-results bench-class

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python scripts/lab_settings.py
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--ServerApp.root_dir=$(CURDIR) \
		--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb

chromium:
	@bash scripts/ensure_chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP) hub-deps
	$(BIN)/pytest

notebooks: $(STAMP)
	$(BIN)/pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks/[0-9]*.ipynb

test: $(STAMP) chromium lint unit notebooks

bench: $(STAMP) chromium
	$(BIN)/python benchmarks/kernel_updates.py
	$(BIN)/python benchmarks/widget_latency.py

slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

site: $(STAMP)
	$(BIN)/python scripts/build_site.py

# Instructors only (git-ignored instructor/): decks with speaker notes, guide with model answers,
# the self-check answer key and the printable classroom kit.
instructor: $(STAMP)
	$(BIN)/python scripts/build_instructor.py

clean:
	rm -rf $(VENV) build site slides .pytest_cache

# ---- Class hub (issue 14, docs/teaching-at-scale.md): JupyterHub + nbgitpuller, learners as system users.
# The hub and learners' servers run from HUB_ENV, built with a Python every learner account can run
# (the project's .venv may live under a private folder). Needs root: it creates learners' accounts.
HUB_PYTHON ?= /usr/bin/python3
HUB_ENV    ?= /opt/microneedling-hub/env
HUB_STAMP  := $(HUB_ENV)/.installed
PROXY_STAMP := deploy/node_modules/.installed
HUB_RUN    := MNHUB_ENV=$(HUB_ENV) $(BIN)/python

$(HUB_STAMP): pyproject.toml
	test -x $(HUB_ENV)/bin/python || $(HUB_PYTHON) -m venv $(HUB_ENV)
	$(HUB_ENV)/bin/python -m pip install --quiet --upgrade pip
	$(HUB_ENV)/bin/python -m pip install --quiet '.[hub]'
	$(HUB_ENV)/bin/python scripts/lab_settings.py
	chmod -R a+rX $(HUB_ENV)
	touch $@

$(PROXY_STAMP): deploy/package.json deploy/package-lock.json
	npm ci --prefix deploy --no-audit --no-fund --loglevel=error
	touch $@

# Only root can create learners' accounts; elsewhere the hub tests skip and nothing is installed.
hub-deps: $(if $(filter 0,$(shell id -u)),$(HUB_STAMP) $(PROXY_STAMP),)

hub: $(STAMP) hub-deps
	$(HUB_RUN) scripts/hub_serve.py

hub-stop: $(STAMP)
	$(HUB_RUN) scripts/hub_serve.py stop

hub-link: $(STAMP)
	@$(HUB_RUN) scripts/hub_link.py $(if $(LESSON),--lesson $(LESSON),)

hub-results: $(STAMP)
	$(HUB_RUN) scripts/hub_results.py $(if $(OUT),-o $(OUT),)

bench-class: $(STAMP) hub-deps
	$(HUB_RUN) benchmarks/classroom.py
