# The screening bot for NCT06561607. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 (Rasa 3.6 needs 3.8-3.10): python3.10 on PATH, else pyenv's copy.
PYTHON310 ?= $(shell if python3.10 -c 'import sys' >/dev/null 2>&1; then echo python3.10; \
	else ls -d $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 2>/dev/null | tail -1; fi)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONPATH := $(CURDIR)

.PHONY: help install browser screenshots train run run-cluster status shell test check soak lint bench bench-paced bench-wechat lock clean purge nlu-eval free-text-figures

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (python3.10 not found)"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==24.0
	$(PY) -m pip install --quiet -r requirements.txt -c requirements.lock
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements

# Debian's Chromium for the widget tests (Playwright cannot download a browser here).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-cjk

# A CJK font, or Chromium shows Chinese as empty boxes (DESIGN.md section 4).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
$(CJK_FONT):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-cjk

browser: $(CHROMIUM) $(CJK_FONT) ## Install Debian's Chromium and a CJK font (for the browser tests)

train: $(STAMP) ## Train the model (skipped when data and config are unchanged)
	$(PY) -m bot.startup.launcher train

run: $(STAMP) ## Install, train if needed, start everything (Rasa, actions, notifier, gateway; Telegram with a token; WeChat with its settings)
	$(PY) -m bot.startup.launcher run

run-cluster: $(STAMP) ## Like run, with 2 Rasa replicas on PostgreSQL + Redis (docs/scale-out.md)
	$(PY) -m bot.startup.launcher cluster

status: $(STAMP) ## Each process up/down/failed and its restarts, readiness, the outbox backlog (GATEWAY_PORT)
	@$(PY) -m bot.startup.status

shell: $(STAMP) ## Chat with the bot in this terminal
	$(PY) -m bot.startup.launcher shell

lint: $(STAMP) ## ruff (lint and format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy criteria understanding nlu actions bot tests
	$(VENV)/bin/mypy --strict understanding

test: $(STAMP) $(CHROMIUM) $(CJK_FONT) lint ## Install, then the whole suite (unit, Rasa CLI, end-to-end)
	$(PY) -m pytest -q -rs

check: $(STAMP) lint ## The fast inner loop: lint, type check, every test that starts no server and trains nothing
	$(PY) -m pytest -q -n 2 -m "not e2e and not rasa_cli"

nlu-eval: $(STAMP) ## Train with config.yml, score the held-out NLU sets in English and Chinese apart (tests/nlu/heldout.yml, heldout_zh.yml), check the floors in each
	$(PY) -m bot.jobs.nlu_eval

FREE_TEXT_REPORT ?= var/free_text.json
free-text-figures: $(STAMP) ## The free-text patients end to end, then their figures: right outcomes, false "likely eligible", median turns
	rm -f $(FREE_TEXT_REPORT)
	-FREE_TEXT_REPORT=$(FREE_TEXT_REPORT) $(PY) -m pytest -q -rxs tests/e2e/test_free_text_patients.py \
		tests/e2e/test_free_text_groups.py tests/e2e/test_free_text_caregivers.py tests/e2e/test_free_text_zh.py
	$(PY) -m tests.e2e.free_text_figures $(FREE_TEXT_REPORT)

soak: $(STAMP) ## Long fuzz (FUZZ_EXAMPLES, default 500) and fault runs (SOAK_ROUNDS, default 3; 10 patients)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} SOAK_ROUNDS=$${SOAK_ROUNDS:-3} $(PY) -m pytest -q -rs --soak tests/fuzz tests/faults

bench: $(STAMP) ## Load: ours vs a stock `rasa init` bot at 1, 10, 50, 200 patients at once (BENCH_LEVELS=1,10 shortens)
	$(PY) -m bot.bench

bench-paced: $(STAMP) ## Patients typing like people (3 s apart): how many are served at p95 <= 1 s (BENCH_LAYOUT=cluster for run-cluster)
	$(PY) -m bot.bench.paced

bench-wechat: $(STAMP) ## WeChat followers screening at 1, 10, 50 at once: callback-to-ack and to-reply latency, replies lost or duplicated (BENCH_LEVELS; BENCH_WECHAT_SAFE=1 encrypts)
	$(PY) -m bot.bench.wechat

screenshots: $(STAMP) $(CHROMIUM) $(CJK_FONT) ## Screenshots of the widget and the navigator pages into docs/screenshots/
	$(PY) -m tests.browser.screenshots
	$(PY) -m tests.navigator.screenshots
	$(PY) -m tests.navigator.screenshots_zh

lock: $(STAMP) ## Rewrite requirements.lock from the installed packages
	$(PY) -m pip freeze --all --exclude-editable | grep -v '^pip==' | sort -f > requirements.lock

clean: ## Remove the trained models and local data (var/)
	rm -rf models var results .pytest_cache

purge: $(STAMP) ## Delete identifiable data older than RETENTION_DAYS (default 365), keep counts
	$(PY) -m bot.jobs.retention
