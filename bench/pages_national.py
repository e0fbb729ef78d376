"""The plan and task-list pages with 34 provinces' plans loaded, over HTTP on a real server,
against a trivial view on the same server; and the SQL queries each page makes."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

from common import ROOT, ratio, setup_django, summary, timed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def populate() -> int:
    from tests.national import PROVINCE_NAMES, province_plan
    from tests.personas import SEED, load_registry, seed_bytes
    from xanh.plans.models import Plan
    from xanh.plans.services import import_plan, set_plan_visibility

    if not Plan.objects.exists():
        load_registry()
        plan = import_plan(None, seed_bytes(), SEED.name, activate=True).plan
        set_plan_visibility(None, plan, plan.version, True)
        for index in range(len(PROVINCE_NAMES)):
            _province, other = province_plan(index)
            set_plan_visibility(None, other, other.version, True)
    return Plan.objects.get(number="3825/QĐ-UBND").pk


def query_counts(urls: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        counts[name] = len(ctx.captured_queries)
    return counts


def main(repeat: int = 30) -> None:
    setup_django()
    from xanh.plans.models import Plan, Task

    plan_id = populate()
    task_id = Task.objects.get(plan_id=plan_id, ref="VIII.8.6").pk
    urls = {
        "trivial view (/healthz)": "/healthz",
        "plan page": f"/plans/{plan_id}/",
        "task list": f"/plans/{plan_id}/tasks/",
        "task list, search": f"/plans/{plan_id}/tasks/?q=nong+nghiep",
        "task list, by body": f"/plans/{plan_id}/tasks/?org=th-snnmt",
        "task page": f"/plans/tasks/{task_id}/",
    }
    counts = query_counts(urls)
    port = free_port()
    env = {**os.environ}
    server = subprocess.Popen([str(Path(sys.executable).parent / "xanh"), "serve", "--port", str(port),
                               "--threads", "4"], env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        results = {}
        for name, url in urls.items():
            urlopen(base + url).read()  # warm up
            results[name] = timed(lambda u=url: urlopen(base + u).read(), repeat)
    finally:
        server.terminate()
        server.wait(10)
    baseline = results["trivial view (/healthz)"]
    print(f"== pages with {Plan.objects.count()} plans and {Task.objects.count()} tasks loaded "
          f"({re.sub(r'[^a-z]', '', os.environ.get('DATABASE_URL', 'sqlite'))[:10] or 'sqlite'})")
    for name, times in results.items():
        print(f"{name:26} {summary(times)}   ratio {ratio(times, baseline):6.1f}×   queries {counts[name]:3d}")


if __name__ == "__main__":
    main()
