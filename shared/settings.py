"""Settings from the environment, one prefix for the whole project (TOUCHLINE_)."""

from __future__ import annotations

import ssl
from functools import cache
from typing import Any, Literal

from pydantic import Field, PostgresDsn, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(SystemExit):
    """Raised at start-up with a message naming every bad setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TOUCHLINE_", env_file=None, extra="ignore", frozen=True
    )

    kafka_bootstrap_servers: str = "127.0.0.1:19092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    kafka_client_id: str = "touchline"

    postgres_url: PostgresDsn = PostgresDsn(
        "postgresql://touchline:touchline@127.0.0.1:15432/touchline"
    )
    postgres_pool_max: int = Field(default=10, ge=1, le=200)

    topic_prefix: str = Field(default="touchline.", pattern=r"^[A-Za-z0-9._-]*$")
    topic_partitions: int = Field(default=3, ge=1, le=1000)
    topic_replication: int = Field(default=1, ge=1, le=10)

    http_host: str = "0.0.0.0"
    ingest_http_port: int = Field(default=18081, ge=1, le=65535)
    extract_http_port: int = Field(default=18082, ge=1, le=65535)
    status_http_port: int = Field(default=18083, ge=1, le=65535)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Ingest
    ingest_tokens: tuple[str, ...] = ()
    ingest_max_article_bytes: int = Field(default=1_000_000, ge=1)
    ingest_max_request_bytes: int = Field(default=10_000_000, ge=1)
    ingest_feeds: tuple[str, ...] = ()
    ingest_feed_interval_s: float = Field(default=300.0, gt=0)

    # Consumers
    batch_max_records: int = Field(default=200, ge=1)
    batch_timeout_ms: int = Field(default=200, ge=1)
    dlq_max_retries: int = Field(default=3, ge=0)

    @model_validator(mode="after")
    def _security_is_complete(self) -> Settings:
        if self.kafka_security_protocol.startswith("SASL") and not (
            self.kafka_sasl_mechanism and self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                "TOUCHLINE_KAFKA_SECURITY_PROTOCOL is SASL_* but TOUCHLINE_KAFKA_SASL_MECHANISM,"
                " TOUCHLINE_KAFKA_SASL_USERNAME and TOUCHLINE_KAFKA_SASL_PASSWORD are not all set"
            )
        return self

    @property
    def postgres_dsn(self) -> str:
        return str(self.postgres_url)

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.kafka_security_protocol.endswith("SSL"):
            return None
        context = ssl.create_default_context(cafile=self.kafka_ssl_cafile)
        if self.kafka_ssl_certfile:
            context.load_cert_chain(self.kafka_ssl_certfile, self.kafka_ssl_keyfile)
        return context

    def kafka_security(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka clients."""
        options: dict[str, Any] = {"security_protocol": self.kafka_security_protocol}
        context = self.ssl_context()
        if context is not None:
            options["ssl_context"] = context
        if self.kafka_sasl_mechanism:
            options["sasl_mechanism"] = self.kafka_sasl_mechanism
            options["sasl_plain_username"] = self.kafka_sasl_username
            options["sasl_plain_password"] = (
                self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else None
            )
        return options


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning a validation error into one readable start-up failure."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = ".".join(str(p) for p in problem["loc"]) or "settings"
            name = f"TOUCHLINE_{field.upper()}" if problem["loc"] else "settings"
            lines.append(f"  {name}: {problem['msg']} (got {problem.get('input')!r})")
        raise SettingsError("invalid Touchline settings:\n" + "\n".join(lines)) from None


@cache
def settings() -> Settings:
    return load_settings()
