# Two commands get a fresh clone running: `make demo` and `make test`.
# Both create a virtual environment in .venv (if there is none) and install mediakit into it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format lab install clean gallery

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "mediakit needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## Run the notebooks on the demo corpus and write the HTML report into reports/
demo: $(STAMP)
	$(BIN)/mediakit report --out reports

## The README's gallery: figures of the demo report, regenerated (data/gallery/)
gallery: demo
	$(BIN)/mediakit figures reports/02-terms.html reports/03-entities.html reports/04-wordclouds.html reports/06-voices.html \
		--first --width 720 --colors 128 --out data/gallery
	$(BIN)/mediakit figures reports/05-stories.html --width 720 --colors 128 --out reports/figures
	cp reports/figures/05-stories-3.png data/gallery/05-tolls.png  # the toll of the story reported most often

## Lint, then run the whole test suite (two processes, a test file each at a time)
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## JupyterLab on the notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf reports .pytest_cache .ruff_cache
