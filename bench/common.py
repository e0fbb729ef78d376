"""Shared set-up for the benchmarks: a throw-away database, timing helpers."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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
