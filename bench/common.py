"""Shared set-up for the benchmarks: a throw-away database, a real server on loopback, timing helpers."""

import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    """A fresh database: SQLite in a temporary folder, or the PostgreSQL of DATABASE_URL."""
    os.environ.setdefault("XANH_DATA_DIR", tempfile.mkdtemp(prefix="xanh-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xanh.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    return (f"median {statistics.median(times) * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms   "
            f"max {max(times) * 1000:8.1f} ms   (n={len(times)})")


def ratio(times: list[float], baseline: list[float]) -> float:
    return statistics.median(times) / statistics.median(baseline)


def percentile(times: list[float], q: float) -> float:
    """The q-th percentile (0–100) by the nearest-rank method: a time some request really took."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(threads: int = 4):
    """`xanh serve` (waitress) on 127.0.0.1 and a free port, on this process's database; yields its base URL.
    Its output goes to server.log in XANH_DATA_DIR (set by setup_django); waitress's "task queue
    depth" warnings are silenced unless XANH_LOG_LEVEL says otherwise."""
    port = free_port()
    log = Path(os.environ["XANH_DATA_DIR"]) / "server.log"
    with log.open("ab") as out:
        server = subprocess.Popen([str(Path(sys.executable).parent / "xanh"), "serve", "--host", "127.0.0.1",
                                   "--port", str(port), "--threads", str(threads)],
                                  env={"XANH_LOG_LEVEL": "ERROR", **os.environ}, stdout=out, stderr=out, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"xanh serve stopped with exit code {server.returncode}; see {log}") from None
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(10)


def is_postgres(url: str) -> bool:
    return url.split(":", 1)[0] in ("postgres", "postgresql", "pgsql")


@contextmanager
def postgres_database(default_url: str = ""):
    """When DATABASE_URL (or `default_url`) names PostgreSQL: create that database if it does not
    exist, and drop it at the end if it was created here. Yields the URL, or None for SQLite."""
    url = os.environ.get("DATABASE_URL") or default_url
    if not url or not is_postgres(url):
        yield None
        return
    import psycopg
    from psycopg import sql

    os.environ["DATABASE_URL"] = url
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        created = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None
        if created:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url
    finally:
        if created:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
