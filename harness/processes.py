"""The three services as separate OS processes on this machine, as an operator runs them.

Each pipeline gets its own topic prefix, database and free ports, so several can run side by
side (tests, benchmarks, the demo) without seeing each other.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.settings import Settings

SERVICES = ("ingest", "extract", "status")
REPO = Path(__file__).resolve().parents[1]


def interrupt_on_sigterm() -> None:
    """Make SIGTERM (CI's timeout, `kill`) unwind like Ctrl-C, so the `finally` blocks that
    stop the service processes and drop the sandboxes run instead of leaking them."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def environment_for(settings: Settings) -> dict[str, str]:
    """The TOUCHLINE_* variables that make a service process use these settings."""
    return {
        "TOUCHLINE_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "TOUCHLINE_POSTGRES_URL": settings.postgres_dsn,
        "TOUCHLINE_TOPIC_PREFIX": settings.topic_prefix,
        "TOUCHLINE_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "TOUCHLINE_HTTP_HOST": "127.0.0.1",
        "TOUCHLINE_INGEST_HTTP_PORT": str(settings.ingest_http_port),
        "TOUCHLINE_EXTRACT_HTTP_PORT": str(settings.extract_http_port),
        "TOUCHLINE_STATUS_HTTP_PORT": str(settings.status_http_port),
        "TOUCHLINE_LOG_LEVEL": settings.log_level,
    }


def with_free_ports(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "ingest_http_port": free_port(),
            "extract_http_port": free_port(),
            "status_http_port": free_port(),
        }
    )


@dataclass
class ServiceProcesses:
    """Start, stop, kill and restart the services; logs go to `log_dir/<service>.log`."""

    settings: Settings
    log_dir: Path
    extra_env: Mapping[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def port(self, service: str) -> int:
        port: int = getattr(self.settings, f"{service}_http_port")
        return port

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port(service)}"

    def start(self, services: Iterable[str] = SERVICES) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **environment_for(self.settings), **self.extra_env}
        for name in services:
            if name in self.processes and self.processes[name].poll() is None:
                continue
            log = (self.log_dir / f"{name}.log").open("ab")
            self.processes[name] = subprocess.Popen(
                [sys.executable, "-m", "services.cli", "run", name],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            log.close()

    async def wait_ready(self, services: Iterable[str] = SERVICES, within: float = 90) -> None:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            for name in services:
                while True:
                    process = self.processes[name]
                    if process.poll() is not None:
                        raise RuntimeError(
                            f"{name} exited with {process.returncode}:\n{self.tail(name)}"
                        )
                    try:
                        if (await client.get(f"{self.url(name)}/ready")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{name} not ready in {within}s:\n{self.tail(name)}")
                    await asyncio.sleep(0.25)

    def signal(self, service: str, sig: signal.Signals) -> None:
        process = self.processes.get(service)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)

    def kill(self, service: str) -> None:
        """SIGKILL: no shutdown hook runs, as in a crash."""
        self.signal(service, signal.SIGKILL)
        self.processes[service].wait(timeout=30)

    def stop(self, services: Iterable[str] = SERVICES, timeout: float = 30) -> None:
        for name in services:
            self.signal(name, signal.SIGTERM)
        for name in services:
            process = self.processes.get(name)
            if process is None:
                continue
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.signal(name, signal.SIGKILL)
                process.wait(timeout=10)

    def pids(self) -> dict[str, int]:
        return {n: p.pid for n, p in self.processes.items() if p.poll() is None}

    def tail(self, service: str, lines: int = 40) -> str:
        path = self.log_dir / f"{service}.log"
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
