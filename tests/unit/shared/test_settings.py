from __future__ import annotations

import pytest

from shared.settings import Settings, SettingsError, load_settings
from shared.topics import Topics


def test_defaults_match_the_native_infrastructure(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS", "TOUCHLINE_POSTGRES_URL"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings()
    assert s.kafka_bootstrap_servers == "127.0.0.1:19092"
    assert s.postgres_dsn.endswith("@127.0.0.1:15432/touchline")


def test_bad_setting_fails_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOUCHLINE_TOPIC_PARTITIONS", "zero")
    with pytest.raises(SettingsError, match="TOUCHLINE_TOPIC_PARTITIONS"):
        load_settings()


def test_sasl_needs_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOUCHLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    with pytest.raises(SettingsError, match="SASL"):
        load_settings()


def test_sasl_scram_options_for_aiokafka(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="u",
        kafka_sasl_password="p",  # type: ignore[arg-type]
    )
    options = s.kafka_security()
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_password"] == "p"


def test_topics_have_a_dead_letter_topic_beside_each_input() -> None:
    s = Settings(topic_prefix="x.")
    topics = Topics.from_settings(s)
    names = {spec.name for spec in topics.specs(s)}
    for source in (topics.inbox, topics.articles, topics.claims):
        assert f"{source}.dlq" in names
    status = next(spec for spec in topics.specs(s) if spec.name == topics.status)
    assert status.config["cleanup.policy"] == "compact"
