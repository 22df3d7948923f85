# Touchline. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo uv)

include deploy/infra.mk

.PHONY: help install demo up down services-up services-down test test-unit lint fmt bench chaos docs clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

install: ## Install the Python environment (uv, pinned by uv.lock)
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"
	@uv sync --frozen --quiet

demo: install ## The main job: infrastructure and services up, examples pushed, statuses shown
	@scripts/demo.sh

up: install infra-up services-up ## Start Kafka, Postgres and the three services

down: services-down infra-down ## Stop the services and the infrastructure

services-up: install ## Start the three services in the background
	@scripts/services.sh start

services-down: ## Stop the three services
	@scripts/services.sh stop

test: install infra-up ## Run every test against the real Kafka and Postgres
	@uv run pytest

test-unit: install ## Run the unit tests only (no infrastructure)
	@uv run pytest tests/unit

lint: install ## ruff and mypy
	@uv run ruff check .
	@uv run ruff format --check .
	@uv run mypy shared services scripts harness bench chaos

fmt: install ## Format the code
	@uv run ruff check --fix -q .
	@uv run ruff format -q .

bench: install infra-up ## Throughput and latency benchmarks (writes bench-results/ and docs/benchmarks.md)
	@uv run python -m bench

chaos: install infra-up ## Fault injection: kills, restarts and poison, compared with a clean run
	@uv run python -m chaos

docs: install ## Regenerate the AsyncAPI documents of the services into docs/asyncapi/
	@uv run python -m scripts.asyncapi

clean: down ## Stop everything and delete local data
	@deploy/infra.sh down --purge
