"""The servers of a load run, each its own process on a free port, so the run can stop and start
them (the faults) without touching any PostgreSQL or Redis the machine already runs."""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def postgres_bindir() -> Path:
    """PostgreSQL's server programs: `pg_config --bindir`, else Debian's versioned directory."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout)
        if (found.resolve() / "initdb").exists():
            return found.resolve()
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise FileNotFoundError("no initdb: install the PostgreSQL server")
    return Path(candidates[-1]).parent


def _as_cluster_owner() -> list[str]:
    """PostgreSQL refuses to run as root: there, its programs run as the `postgres` user."""
    if os.geteuid() != 0:
        return []
    pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class Postgres:
    """A throw-away cluster with trust authentication; `stop` and `start` keep its data."""

    directory: Path
    port: int = field(default_factory=free_port)
    bindir: Path = field(default_factory=postgres_bindir)

    def _run(self, program: str, *arguments: str | Path) -> None:
        command = [*_as_cluster_owner(), self.bindir / program, *arguments]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        self.directory.mkdir(mode=0o700)
        if _as_cluster_owner():
            os.chmod(self.directory.parent, 0o755)
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", self.directory, "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c max_connections=300 -c fsync=on -c shared_buffers=256MB"
        )
        log = self.directory / "server.log"
        self._run("pg_ctl", "-D", self.directory, "-o", options, "-w", "-l", log, "start")

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as when the database server goes down."""
        self._run("pg_ctl", "-D", self.directory, "-m", "fast", "-w", "stop")


@dataclass
class Redis:
    """A redis-server without persistence: a restart loses the counted rate limits, as a
    production Redis without a disk would."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _stat(pid: int) -> list[int]:
    """The numeric fields of /proc/PID/stat after the command name (utime is index 11)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return [int(value) if value.lstrip("-").isdigit() else 0 for value in fields]


@dataclass
class Gunicorn:
    """`gunicorn APP` with the repository's gunicorn.conf.py, as production starts it."""

    app: str
    environment: dict[str, str]
    log: Path
    workers: int = 4
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            **self.environment,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_LOG_LEVEL": "warning",
            "PYTHONPATH": str(REPO),
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [gunicorn, "--config", REPO / "gunicorn.conf.py", self.app],
                cwd=REPO,
                env=env,
                stderr=log,
            )
        wait_for_port(self.port, timeout=60)

    def worker_pids(self) -> list[int]:
        """The master's children, read from /proc: the workers to kill in the fault run."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_seconds(self) -> float:
        """User + system CPU of every worker so far, the exited ones included (the master's
        reaped children): the app's cost per page, apart from whatever else the machine runs."""
        assert self.process is not None
        pids = self.worker_pids()
        total = sum(sum(_stat(pid)[11:13]) for pid in pids if Path(f"/proc/{pid}").exists())
        total += sum(_stat(self.process.pid)[13:15])
        return total / os.sysconf("SC_CLK_TCK")

    def logged_errors(self) -> Counter[str]:
        """What the server logged, by the last line of each traceback and gunicorn's own
        error lines: how the app met each fault."""
        found: Counter[str] = Counter()
        for line in self.log.read_text(errors="replace").splitlines():
            if re.match(r"^[\w.]+(Error|Exception|Shutdown)\b", line):
                found[line.split(" (Background")[0][:110]] += 1
            elif "[ERROR]" in line:
                found[re.sub(r"^\[.*?\] \[\d+\] \[ERROR\] ", "", line)[:110]] += 1
        return found

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=40)
            self.process = None
