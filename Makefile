# ToxTrack: `make run` opens the app, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

# Translations: translations/*.ts are the sources (under version control); `make translations` refreshes
# them from the code (new strings added unfinished, translations of existing ones kept); the compiled
# .qm files are build outputs (git-ignored build/), made before the app or the tests run.
TS_FILES := $(wildcard translations/toxtrack_*.ts)
QM_FILES := $(patsubst translations/%.ts,build/translations/%.qm,$(TS_FILES))
I18N_SOURCES := gui main.py reports
# The GUI tests run a second time in Chinese (TOXTRACK_LANG=zh_CN). Only these files so far: the others
# still compare English text and are converted one by one (tests/gui/words.py; docs/translations.md).
ZH_GUI_TESTS := $(addprefix tests/gui/test_,$(addsuffix .py,\
	app window_shows today translations marked_strings i18n flags patient_list cohort labs crs_form icans_form \
	startup_deferred date_fields dialog_open gc_guard keys pyside_import_check settings_keys \
	signal_refcount startup_errors startup_registry temperature_tab wrapping_table cohort_adverse_events resources_view pdf_export \
	accounts_gui demo_marking lock_screen merged_crs_keys merged_today passphrase sign_in_start \
	sign_cycle_gui moved_history))

.PHONY: run test setup translations qm syslibs desktop-syslibs lint typecheck layers pytest soak bench mutate lock screenshots clean

# The window needs the xcb platform plugin's libraries on top of the offscreen ones (installed as root,
# named otherwise); QT_QPA_PLATFORM is emptied so Qt picks the desktop's platform.
run: setup desktop-syslibs qm
	QT_QPA_PLATFORM= $(PY) main.py $(ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt $(wildcard */__init__.py)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --only-binary sqlcipher3 -c constraints.txt -e '.[dev]'
	touch $(STAMP)

translations: setup
	$(PY) tools/registry_strings.py
	$(VENV)/bin/pyside6-lupdate -silent -locations none -extensions py $(I18N_SOURCES) -ts $(TS_FILES)
	$(MAKE) qm

qm: setup $(QM_FILES)

build/translations/%.qm: translations/%.ts
	@mkdir -p $(@D)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

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

pytest: setup syslibs qm
	$(PY) -m pytest -q -m "not soak"
	TOXTRACK_LANG=zh_CN $(PY) -m pytest -q -m "not soak" $(ZH_GUI_TESTS)

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
