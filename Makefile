# CRM Lessons: `make lab` to learn, `make test` to check everything.
# Both set up .venv first (once; re-run only when pyproject.toml changes).

PYTHON ?= $(shell for p in python3.12 python3.13 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)
NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=300

.PHONY: setup lab test test-package test-notebooks notebooks student data clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required (none found on PATH)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

student: $(STAMP)
	$(BIN)/python -m crm_lessons.handouts notebooks build/student --zip

test: $(STAMP) student
	$(BIN)/python -m pytest tests notebooks build/student $(NBVAL)

test-package: $(STAMP)
	$(BIN)/python -m pytest tests

test-notebooks: $(STAMP) student
	$(BIN)/python -m pytest notebooks build/student $(NBVAL)

# Re-execute every notebook in a fresh kernel with strict warnings and store the outputs.
notebooks: $(STAMP)
	cd notebooks && for nb in [0-9][0-9]_*.ipynb; do \
		CRM_LESSONS_STRICT=1 ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb || exit 1; done

# Rewrite the synthetic datasets, their checksums and data cards.
data: $(STAMP)
	$(BIN)/python -m crm_lessons.simulate

clean:
	rm -rf build
