# sse-monitor: the README's commands. Each target installs what it needs first (scripts/setup.sh, idempotent).
.PHONY: setup demo test docs bench

VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 5001
HTMX ?= 2

setup:
	scripts/setup.sh

## make demo: serve the demo page on http://$(HOST):$(PORT) with the local (npm) assets; `make demo HTMX=4` for htmx 4 pages
demo: setup
	$(VENV)/sse-monitor-demo --host $(HOST) --port $(PORT) --assets local --node-modules node_modules $(if $(filter 4,$(HTMX)),--htmx4)

## make docs: build the docs site offline into _site/ (open _site/index.html); nbdev-docs needs Quarto
docs: setup
	$(VENV)/python docs/build.py _site

## make test: run every notebook (nbdev-test), then the pytest suite (real uvicorn, headless Debian chromium, real redis-server, nginx)
test:
	scripts/setup.sh --browser --redis --proxy
	scripts/test.sh

## make bench: page weight, reconnect storm (model, then measured in Chromium), recovery in Chromium, shutdown/reload, idle cost, hub fan-out, tabs sharing streams, hub widgets on one page stream, memory after 100,000 topics come and go, the htmx 4 stream reader on long lines (node, then against Chromium's EventSource) (compared libraries go into bench/.venv only)
bench:
	bench/setup.sh
	bench/.venv/bin/python bench/page_weight.py
	node bench/reconnect_storm_model.mjs
	bench/.venv/bin/python bench/reconnect_storm_browser.py
	bench/.venv/bin/python bench/recovery.py
	bench/.venv/bin/python bench/shutdown.py
	bench/.venv/bin/python bench/idle_cost.py
	bench/.venv/bin/python bench/hub.py
	bench/.venv/bin/python bench/shared_tabs.py
	bench/.venv/bin/python bench/page_stream.py
	bench/.venv/bin/python bench/topics.py
	node bench/parser.mjs
	bench/.venv/bin/python bench/parser_browser.py
