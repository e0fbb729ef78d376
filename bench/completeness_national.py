"""Completeness at national scale: 34 provinces' plans, each with 9 cycles of expected reports in
varied states; the coordinator's cycle page and the API's completeness, over HTTP on a real
`xanh serve`, against a trivial view on the same server; and the SQL queries each makes.

Thanh Hóa's 9 cycles are opened by the service (open_cycle computes the expected reports; its time
is printed). The 33 other provinces' plans come from tests/national.py with no registry of their
own, so open_cycle would find only the ministries their plans name; for them the benchmark copies
Thanh Hóa's bodies (under the province's own codes) and its expected reports row for row (one
INSERT … SELECT per province: bulk_create took 355 s for them on SQLite), which is what a registry
like Thanh Hóa's would give. States are laid out with bulk updates on Thanh Hóa's reports before
they are copied. A benchmark may write rows directly; nothing here is user-facing.

    .venv/bin/python bench/completeness_national.py          # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xanh_bench_national .venv/bin/python bench/completeness_national.py
"""

import os
import sys
import time
from datetime import timedelta

from common import percentile, postgres_database, ratio, running_server, setup_django, summary, timed
from pages_national import populate
from reporting_load import Browser

PASSWORD = "a-Long-bench-pass-2026"
CYCLES = [("annual", year) for year in range(2023, 2030)] + [("midterm", 2025), ("final", 2030)]
# (share of reports out of 20, state, days from the deadline to the delivery or None, started)
STATES = [
    (6, "draft", None, False),
    (2, "draft", None, True),
    (2, "submitted", None, True),
    (4, "approved", -5, True),
    (1, "approved", 3, True),
    (4, "accepted", -10, True),
    (1, "returned", -2, True),
]


def n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def open_thanh_hoa(plan) -> tuple[list, float]:
    """The 9 cycles of the Thanh Hóa plan, opened and notified through the services."""
    from xanh.core.services import SYSTEM
    from xanh.reporting.services import notify_bodies, open_cycle

    cycles = []
    start = time.perf_counter()
    for kind, year in CYCLES:
        cycle = open_cycle(SYSTEM, plan, year=year, kind=kind)
        cycles.append(notify_bodies(SYSTEM, cycle, cycle.version))
    return cycles, time.perf_counter() - start


def copy_to_provinces(source_plan) -> int:
    """Each other province gets Thanh Hóa's bodies (under its own codes) and the same 9 cycles, whose
    expected reports are Thanh Hóa's copied row for row: one INSERT … SELECT per province, every
    column taken from the source row but the cycle, the task (same reference in the province's plan)
    and the body (the province's copy of a Thanh Hóa body; ministries stay as they are)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from tests.national import PROVINCE_NAMES
    from xanh.organizations.models import Organization
    from xanh.plans.models import Plan, Task
    from xanh.reporting.enums import CycleState
    from xanh.reporting.models import Cycle, TaskReport
    from xanh.reporting.services import default_dates

    home = source_plan.province
    bodies = list(Organization.objects.filter(province=home).exclude(pk=home.pk))
    now = timezone.now()
    qn = connection.ops.quote_name
    mapped = {"cycle": "nc.id", "task": "nt.id", "organization": "COALESCE(o2.id, r.organization_id)"}
    fields = [f for f in TaskReport._meta.concrete_fields if not f.primary_key]
    copy = (f"INSERT INTO {qn(TaskReport._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
            f"SELECT {', '.join(mapped.get(f.name, 'r.' + qn(f.column)) for f in fields)} "
            f"FROM {qn(TaskReport._meta.db_table)} r "
            f"JOIN {qn(Cycle._meta.db_table)} c ON c.id = r.cycle_id "
            f"JOIN {qn(Cycle._meta.db_table)} nc ON nc.plan_id = %s AND nc.kind = c.kind AND nc.year = c.year "
            f"JOIN {qn(Task._meta.db_table)} t ON t.id = r.task_id "
            f"JOIN {qn(Task._meta.db_table)} nt ON nt.plan_id = %s AND nt.ref = t.ref "
            f"LEFT JOIN {qn(Organization._meta.db_table)} o ON o.id = r.organization_id AND o.province_id = %s "
            f"LEFT JOIN {qn(Organization._meta.db_table)} o2 ON o2.code = %s || substr(o.code, 4) "
            f"WHERE c.plan_id = %s")
    source_rows = TaskReport.objects.filter(cycle__plan=source_plan).count()
    written = 0
    for index, name in enumerate(PROVINCE_NAMES):
        prefix = f"p{index:02d}-"
        with transaction.atomic():
            province = Organization.objects.get(code=prefix + "ubnd")
            plan = Plan.objects.get(province=province)
            Organization.objects.bulk_create([Organization(
                code=prefix + b.code.removeprefix("th-"), name=b.name.replace("Thanh Hóa", name),
                short_name=b.short_name, kind=b.kind, province=province, valid_from=b.valid_from,
                valid_to=b.valid_to, source="bench/completeness_national.py") for b in bodies])
            Cycle.objects.bulk_create([Cycle(plan=plan, kind=kind, year=year, state=CycleState.OPEN, opened_at=now,
                                             notified_at=now, **default_dates(plan, year, kind))
                                       for kind, year in CYCLES])
            with connection.cursor() as cursor:
                cursor.execute(copy, [plan.pk, plan.pk, home.pk, prefix, source_plan.pk])
                if cursor.rowcount != source_rows:
                    raise RuntimeError(f"{name}: {cursor.rowcount} reports copied out of {source_rows}")
                written += cursor.rowcount
            if TaskReport.objects.filter(cycle__plan=plan, organization__province=home).exists():
                raise RuntimeError(f"{name}: a copied report still belongs to a Thanh Hóa body")
    return written


def lay_out_states() -> None:
    """Every cycle (Thanh Hóa's, before they are copied) gets the same mix, by report id modulo 20:
    drafts, started drafts, submitted, approved on time and late, accepted, returned — with the
    timestamps that go with each."""
    from django.db.models.functions import Mod

    from xanh.reporting.models import Cycle, TaskReport

    for year in sorted({year for _kind, year in CYCLES}):
        deadline_end = Cycle.objects.filter(year=year).first().deadline_end  # 15/11 of the year for every kind
        low = 0
        for share, state, days, started in STATES:
            chosen = (TaskReport.objects.filter(cycle__year=year).annotate(slot=Mod("id", 20))
                      .filter(slot__gte=low, slot__lt=low + share))
            low += share
            if state == "draft" and not started:
                continue
            changes = {"state": state, "status": "on_track", "progress": 50, "results": "Đang triển khai.",
                       "updated_at": deadline_end - timedelta(days=20)}
            if state != "draft":
                changes["submitted_at"] = deadline_end - timedelta(days=12)
            if days is not None:
                changes["approved_at"] = changes["delivered_at"] = deadline_end + timedelta(days=days)
            if state == "accepted":
                changes["accepted_at"] = deadline_end + timedelta(days=days + 3)
            if state == "returned":
                changes["return_reason"] = "Thiếu số liệu."
            chosen.update(**changes)


def coordinator():
    from xanh.core.enums import Role
    from xanh.core.services import SYSTEM
    from xanh.organizations.models import Organization
    from xanh.organizations.services import create_user

    user, _password = create_user(SYSTEM, "bench-coordinator", organization=Organization.objects.get(code="th-stc"),
                                  role=Role.COORDINATOR, password=PASSWORD)
    return user


def query_counts(user, urls: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for name, url in urls.items():
        client.get(url)  # the first request of a process loads templates and translations
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
        counts[name] = len(ctx.captured_queries)
    return counts


def main(repeat: int = 30) -> None:
    with postgres_database():
        run(repeat)


def run(repeat: int) -> None:
    started = time.perf_counter()
    setup_django()
    from django.db import connection

    from xanh.organizations.models import Organization
    from xanh.plans.models import Plan
    from xanh.reporting.models import Cycle, TaskReport

    plan = Plan.objects.get(pk=populate())
    plans_seconds = time.perf_counter() - started
    cycles, opening = open_thanh_hoa(plan)
    per_province = sum(c.reports.count() for c in cycles)
    start = time.perf_counter()
    lay_out_states()
    states = time.perf_counter() - start
    start = time.perf_counter()
    copied = copy_to_provinces(plan)
    copying = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the statistics autovacuum would have gathered by now
            cursor.execute("ANALYZE")
    user = coordinator()
    cycle = next(c for c in cycles if (c.kind, c.year) == ("annual", 2026))
    urls = {
        "trivial view (/healthz)": "/healthz",
        "cycle page": f"/reporting/cycles/{cycle.pk}/",
        "API completeness": f"/api/v1/cycles/{cycle.pk}/completeness",
    }
    counts = query_counts(user, urls)
    results = {}
    with running_server() as base:
        browser = Browser(base)
        browser.login(user.username, PASSWORD)
        for name, url in urls.items():
            browser.get(url)  # warm up
            for _ in range(3):
                status = browser.get(url)[0]
                if status != 200:
                    raise SystemExit(f"{url} answered {status} over HTTP")
            results[name] = timed(lambda u=url: browser.get(u), repeat)
        browser.close()
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    plans = Plan.objects.count()
    print(f"== completeness at national scale ({engine}): {plans} plans, {Cycle.objects.count()} cycles, "
          f"{n(TaskReport.objects.count())} task reports, {n(Organization.objects.count())} bodies")
    print(f"set-up: {plans} plans imported in {plans_seconds:.0f} s; open_cycle computed Thanh Hóa's {len(CYCLES)} "
          f"cycles ({n(per_province)} expected reports) in {opening:.1f} s, {opening / len(CYCLES):.2f} s a cycle, "
          f"so {plans * len(CYCLES)} cycles would take about {opening * plans:.0f} s with each province's registry "
          f"loaded; states laid out with bulk updates in {states:.1f} s; then the {plans - 1} other provinces got "
          f"copies of Thanh Hóa's bodies and of its {n(copied // (plans - 1))} reports, states included "
          f"({n(copied)} rows, one INSERT … SELECT per province) in {copying:.1f} s")
    print(f"measured: Thanh Hóa's 2026 annual cycle ({n(cycle.reports.count())} expected reports from "
          f"{cycle.reports.values('organization').distinct().count()} bodies, "
          f"{n(cycle.reports.filter(state='approved').count())} awaiting review), signed in as the coordinator, "
          f"{repeat} requests each over HTTP; queries counted in-process")
    baseline = results["trivial view (/healthz)"]
    for name, times in results.items():
        print(f"{name:24} {summary(times)}   p95 {percentile(times, 95) * 1000:7.1f} ms   "
              f"ratio {ratio(times, baseline):6.1f}×   queries {counts[name]:3d}")
    connection.close()


if __name__ == "__main__":
    main(int(os.environ.get("XANH_BENCH_REPEAT", "30")))
    sys.exit(0)
