# One task runner for xanh. The two commands that matter are at the top of README.md:
#   make run    install everything, load the Thanh Hóa plan, serve on http://127.0.0.1:8000/
#   make test   the whole test suite, on SQLite and on PostgreSQL, with the browser tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run demo serve test lint messages bench screenshots clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/xanh demo
	$(BIN)/xanh serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/xanh demo

serve: install
	$(BIN)/xanh serve --host $(HOST) --port $(PORT)

test: install
	scripts/test.sh

lint: install
	$(BIN)/ruff check xanh tests bench

messages: install
	cd xanh && ../$(BIN)/python -m django makemessages -l vi --ignore "*/migrations/*" --settings=xanh.settings
	cd xanh && ../$(BIN)/python -m django compilemessages -l vi --settings=xanh.settings

bench: install
	$(BIN)/python bench/run_all.py

screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) var/test-*
