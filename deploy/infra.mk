# Native Kafka + Postgres (no Docker), included by the main Makefile.
# Everything is in deploy/infra.sh; see deploy/README.md.
# The script's path is taken from this file's own, so `make -C` works too.
TOUCHLINE_INFRA_SH := $(dir $(lastword $(MAKEFILE_LIST)))infra.sh

.PHONY: infra-up infra-down infra-status infra-logs

infra-up: ## Start Kafka (127.0.0.1:19092) and Postgres (127.0.0.1:15432), wait until ready
	@$(TOUCHLINE_INFRA_SH) up

infra-down: ## Stop Kafka and Postgres (data kept; `deploy/infra.sh down --purge` deletes it)
	@$(TOUCHLINE_INFRA_SH) down

infra-status: ## Show whether Kafka and Postgres are running and answering
	@$(TOUCHLINE_INFRA_SH) status

infra-logs: ## Follow the Kafka and Postgres logs (.local/logs/)
	@$(TOUCHLINE_INFRA_SH) logs
