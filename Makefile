# CRM Lessons: `make lab` to learn, `make test` to check everything.
# Both set up .venv first (once; again only when pyproject.toml changes). `make lab` installs what
# learning needs; `make test` and the instructor targets add the test and build tools.

PYTHON ?= $(shell for p in python3.12 python3.13 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS := $(VENV)/.installed-tools
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)
NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=300

.PHONY: setup lab lab-zh test test-package test-notebooks notebooks student data clean \
	slides html vendor test-assets browser-deps slide-metadata grade

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is required (none found on PATH)."; exit 1; }
	@echo "== Setting up .venv for CRM Lessons (first time: 2-3 minutes; later runs skip this) =="
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "== Installing the workbook's package and what the notebooks need (JupyterLab, pandas, ...) =="
	$(BIN)/python -m pip install --progress-bar off -e . | grep -E "^(Collecting|Successfully)" || true
	@$(BIN)/python -c "import crm_lessons" || { echo "The install failed: see the pip messages above."; exit 1; }
	@echo "== Preparing the chart fonts once (matplotlib's font cache), so the first notebook starts quickly =="
	$(BIN)/python -m crm_lessons.warm_up
	touch $(STAMP)

$(TOOLS): $(STAMP)
	@echo "== Installing the test and build tools (pytest, nbval, Playwright, Babel) =="
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TOOLS)

# JupyterLab settings in the venv (no "get notified about Jupyter news?" prompt): the same file
# postBuild writes on Binder.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_SETTINGS): postBuild $(STAMP)
	NB_PYTHON_PREFIX="$(abspath $(VENV))" bash postBuild --settings-only

lab: $(STAMP) $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

# The Chinese edition in a Chinese JupyterLab: its settings (language, the Chinese font for the
# menus, the start notebook) are the Jupyter config folder config/lab-zh, copied to build/lab-zh/config
# and used only by this JupyterLab, so `make lab` and your usual JupyterLab settings are left as they
# are. tools/lab_zh.py holds the flags; tests/test_browser_zh.py starts JupyterLab the same way.
lab-zh: $(STAMP)
	$(BIN)/python tools/lab_zh.py build/lab-zh/config --ServerApp.root_dir=. $(ROOT_FLAG)

student: $(STAMP)
	$(BIN)/python -m crm_lessons.publish.handouts notebooks build/student --zip
	$(BIN)/python -m crm_lessons.publish.handouts notebooks/zh build/student-zh

test: $(TOOLS) student browser-deps test-assets
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -q --doctest-modules crm_lessons
	$(BIN)/python -m pytest -rs tests notebooks notebooks/zh build/student build/student-zh $(NBVAL)

test-package: $(TOOLS)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -q --doctest-modules crm_lessons
	$(BIN)/python -m pytest tests

test-notebooks: $(TOOLS) student
	$(BIN)/python -m pytest notebooks notebooks/zh build/student build/student-zh $(NBVAL)

# Re-execute every notebook in a fresh kernel with strict warnings and store the outputs
# (after setting the slide boundaries, which a rebuilt notebook loses); then build the Chinese
# edition from the English notebooks and the catalogues in locale/ and execute it the same way.
notebooks: $(TOOLS)
	$(BIN)/python -m crm_lessons.publish.slides annotate notebooks/[0-9][0-9]_*.ipynb
	cd notebooks && progress=$$(mktemp -d)/progress.json && for nb in [0-9][0-9]_*.ipynb; do \
		CRM_LESSONS_STRICT=1 CRM_LESSONS_PROGRESS=$$progress ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 $$nb || exit 1; done
	$(BIN)/python -m crm_lessons.publish.editions build
	cd notebooks/zh && progress=$$(mktemp -d)/progress.json && for nb in [0-9][0-9]_*.ipynb; do \
		CRM_LESSONS_STRICT=1 CRM_LESSONS_PROGRESS=$$progress ../../$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 $$nb || exit 1; done

# Slide decks (reveal.js) and the static HTML course; both work offline from build/.
slides: $(STAMP) vendor
	$(BIN)/python -m crm_lessons.publish.slides build notebooks build/slides --vendor $(VENDOR)

html: $(STAMP) vendor
	$(BIN)/python -m crm_lessons.publish.course_html notebooks build/html --vendor $(VENDOR)

# Set the slide boundaries (cell metadata) after editing a notebook; see crm_lessons/publish/slides.py.
slide-metadata: $(TOOLS)
	$(BIN)/python -m crm_lessons.publish.slides annotate notebooks/[0-9][0-9]_*.ipynb

# Offline copies of reveal.js, require.js, MathJax and the widget renderer, from the npm registry (once).
VENDOR := build/vendor
NPM_ASSETS := reveal.js@4.6.0 requirejs@2.3.7 mathjax@3.2.2 @jupyter-widgets/html-manager@1.0.15

vendor: $(VENDOR)/.complete

$(VENDOR)/.complete:
	@command -v npm >/dev/null 2>&1 || { echo "npm (Node.js) is needed once to fetch the slide and HTML assets."; exit 1; }
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/npm
	set -e; for spec in $(NPM_ASSETS); do \
		tgz=$$(cd $(VENDOR)/npm && npm pack --silent $$spec 2>/dev/null | tail -n 1); \
		mkdir -p $(VENDOR)/$${spec%@*} && tar -xzf $(VENDOR)/npm/$$tgz -C $(VENDOR)/$${spec%@*} --strip-components=1; \
	done
	rm -rf $(VENDOR)/npm
	touch $@

# For `make test`: fetch what the slide, HTML and browser tests need when possible. Without it
# those tests report "skipped" with the reason; the build itself does not fail here.
test-assets:
	@$(MAKE) --no-print-directory vendor || echo "npm assets unavailable: the slide and HTML export tests will be skipped."

browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "Chromium missing and apt-get unavailable: the real-browser test will be skipped."; \
	else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
		{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; } \
			|| echo "Could not install Chromium: the real-browser test will be skipped."; \
	fi

# Grade handed-in notebooks: `make grade SUBMISSIONS=folder [CHECKS=instructor_checks.py]`. Each notebook is
# re-run in a fresh kernel (own folder and progress file, time limit, no network) and scored by the
# instructor's checks; reports in build/grades/ (see crm_lessons/publish/grading.py).
GRADES := build/grades
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder-of-notebooks [CHECKS=file.py]"; exit 1; }
	$(BIN)/python -m crm_lessons.publish.grading "$(SUBMISSIONS)" --out $(GRADES) $(if $(CHECKS),--checks "$(CHECKS)",)

# Rewrite the synthetic datasets, their checksums and data cards.
data: $(STAMP)
	$(BIN)/python -m crm_lessons.simulate

clean:
	rm -rf build
