# Two commands for learners and maintainers: `make lab` opens the course, `make test` runs every test.
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test lint unit notebooks bench chromium slides site clean

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

unit: $(STAMP)
	$(BIN)/pytest

notebooks: $(STAMP)
	$(BIN)/pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks/

test: $(STAMP) chromium lint unit notebooks

bench: $(STAMP) chromium
	$(BIN)/python benchmarks/kernel_updates.py
	$(BIN)/python benchmarks/widget_latency.py

slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py

site: $(STAMP)
	$(BIN)/python scripts/build_site.py

clean:
	rm -rf $(VENV) build site slides .pytest_cache
