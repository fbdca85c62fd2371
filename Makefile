# ToxTrack: `make run` opens the app, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test setup syslibs desktop-syslibs lint typecheck layers pytest soak bench mutate lock screenshots clean

# The window needs the xcb platform plugin's libraries on top of the offscreen ones (installed as root,
# named otherwise); QT_QPA_PLATFORM is emptied so Qt picks the desktop's platform.
run: setup desktop-syslibs
	QT_QPA_PLATFORM= $(PY) main.py $(ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt $(wildcard */__init__.py)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --only-binary sqlcipher3 -c constraints.txt -e '.[dev]'
	touch $(STAMP)

syslibs:
	bash tools/ensure-syslibs.sh offscreen

desktop-syslibs:
	bash tools/ensure-syslibs.sh desktop

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy

layers: setup
	$(VENV)/bin/lint-imports

pytest: setup syslibs
	$(PY) -m pytest -q -m "not soak"

test: setup syslibs lint typecheck layers pytest

soak: setup syslibs
	$(PY) -m pytest -q -m soak

bench: setup syslibs
	$(PY) -m benchmarks $(if $(QUICK),--quick,)

mutate: setup
	$(PY) tools/mutate.py --check

lock:
	rm -rf /tmp/toxtrack-lock && $(PYTHON) -m venv /tmp/toxtrack-lock
	/tmp/toxtrack-lock/bin/pip install --quiet -e '.[dev]'
	(echo '# Pinned versions of every dependency (direct and transitive). Regenerate with `make lock`.'; \
	 /tmp/toxtrack-lock/bin/pip freeze --exclude-editable | grep -v '^-e') > constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache .hypothesis
