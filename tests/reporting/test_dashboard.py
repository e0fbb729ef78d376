"""Use case: leadership and the coordinator read where the plan stands on the dashboard — status of
the tasks, progress by theme and by body, reports on time year by year, overdue and conditional tasks,
bodies that did not report — as tables with CSS bars that need no JavaScript, every figure linking
down to the tasks behind it."""

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from tests.reporting.cycles import CycleTestCase
from xanh.core import clock
from xanh.core.services import SYSTEM
from xanh.reporting import services
from xanh.reporting.enums import ReportState
from xanh.reporting.models import TaskReport
from xanh.reporting.progress import NO_REPORT, STATUS_ORDER, consolidate


class Counts(HTMLParser):
    """Each link carrying a figure (data-count) inside each table with an id, and the task rows."""

    def __init__(self, html: str):
        super().__init__()
        self.table = None
        self.links: dict[str, list[tuple[str, int]]] = {}
        self.rows: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.table = attrs["id"]
            self.links.setdefault(self.table, [])
        if tag == "a" and "data-count" in attrs and self.table:
            self.links[self.table].append((attrs["href"], int(attrs["data-count"])))
        if tag == "tr" and "task-row" in (attrs.get("class") or ""):
            self.rows.append(int(attrs["data-task"]))


def params(href: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


class SeasonTestCase(CycleTestCase):
    """The 2026 cycle with reports delivered on time and late, accepted, approved, returned."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        on_time, late = cls.cycle.deadline_end - timedelta(days=3), cls.cycle.deadline_end + timedelta(days=2)
        season = [("V.1", "th-skhcn", "done_on_time", on_time, "accept"),
                  ("V.2", "th-skhcn", "behind", late, "accept"),
                  ("V.3", "th-skhcn", "awaiting_guidance", on_time, "accept"),
                  ("II.4", "th-snnmt", "not_started", on_time, "accept"),
                  ("VIII.10.1", "th-syt", "on_track", late, "accept"),
                  ("VIII.10.2", "th-syt", "on_track", on_time, "return"),
                  ("VIII.10.3", "th-syt", "done_late", on_time, "keep"),
                  ("I.1", "th-syt", "done_late", late, "accept"),
                  ("I.1", "th-snnmt", "recurring", on_time, "accept")]
        for ref, code, status, at, then in season:
            cls.deliver(ref, code, status, at, then)

    @classmethod
    def deliver(cls, ref, code, status, at, then="accept", cycle=None):
        report = TaskReport.objects.get(cycle=cycle or cls.cycle, task__ref=ref, organization__code=code)
        with clock.frozen_at(at):
            report = services.save_report(SYSTEM, report, report.version, {"status": status, "results": "Đã làm."})
            report = services.submit(SYSTEM, report, report.version)
            if report.state == ReportState.SUBMITTED:
                report = services.approve(SYSTEM, report, report.version)
        if then == "accept":
            report = services.accept(SYSTEM, report, report.version)
        elif then == "return":
            report = services.return_report(SYSTEM, report, report.version, "Thiếu số liệu.")
        return report

    def consolidated(self, cycle=None) -> dict[int, str]:
        """Task id → consolidated status, from the database (the rule of xanh.reporting.progress)."""
        cycle = cycle or self.cycle
        accepted: dict[int, list] = {}
        for task_id, status in TaskReport.objects.filter(cycle=cycle, state="accepted").values_list("task_id",
                                                                                                     "status"):
            accepted.setdefault(task_id, []).append(status)
        tasks = set(TaskReport.objects.filter(cycle=cycle).values_list("task_id", flat=True))
        return {task_id: consolidate(accepted.get(task_id, [])) for task_id in tasks}

    def dashboard(self, persona="coordinator", query=""):
        page = self.signed_in(persona).get(f"/reporting/dashboard/{query}")
        self.assertEqual(page.status_code, 200)
        return page

    def main(self, page) -> str:
        html = page.content.decode()
        return html[html.index("<main>"):html.index("</main>")]


class DashboardTest(SeasonTestCase):
    def test_it_lets_the_coordinator_and_leadership_in_and_keeps_others_out(self):
        for persona in ("coordinator", "viewer"):
            self.assertContains(self.dashboard(persona), 'id="chart-status"')
        for persona in ("nnmt_reporter", "nnmt_approver", "yte_reporter", "commune"):
            self.assertEqual(self.signed_in(persona).get("/reporting/dashboard/").status_code, 403, persona)
        self.client.logout()
        page = self.client.get("/reporting/dashboard/")
        self.assertEqual(page.status_code, 302)
        self.assertIn("login", page["Location"])

    def test_the_nav_shows_the_dashboard_to_those_who_may_read_it(self):
        link = 'href="/reporting/dashboard/"'
        self.assertContains(self.signed_in("viewer").get("/plans/"), link)
        self.assertNotContains(self.signed_in("yte_reporter").get("/plans/"), link)

    def test_the_status_chart_counts_each_task_once_with_its_consolidated_status(self):
        expected = Counter(self.consolidated().values())
        links = Counts(self.dashboard().content.decode()).links["chart-status"]
        shown = {params(href)["status"]: n for href, n in links}
        self.assertEqual(shown, {status: expected.get(status, 0) for status in STATUS_ORDER})
        self.assertEqual(shown["recurring"], 1)  # I.1: completed late by one body, regular by the other
        self.assertEqual(shown["done_on_time"], 1)
        self.assertEqual(sum(shown.values()), len(self.consolidated()))

    def test_the_theme_chart_groups_the_statuses_under_each_top_level_theme(self):
        statuses = self.consolidated()
        groups = {"done_on_time": "done", "done_late": "done", "on_track": "in_progress", "recurring": "in_progress"}
        expected = Counter()
        for task in self.plan.tasks.filter(pk__in=statuses).select_related("theme"):
            top = task.theme.parent_id or task.theme_id
            expected[(top, groups.get(statuses[task.pk], statuses[task.pk]))] += 1
        links = Counts(self.dashboard().content.decode()).links["chart-themes"]
        shown = {(int(params(href)["theme"]), params(href)["status"]): n for href, n in links}
        self.assertEqual(shown, dict(expected))
        viii = self.plan.themes.get(code="VIII").pk
        self.assertEqual(shown[(viii, "in_progress")], 1)  # VIII.10.1, in sub-theme VIII.10

    def test_the_body_chart_counts_reports_on_time_late_and_never_delivered(self):
        links = Counts(self.dashboard(query="?bodies=all").content.decode()).links["chart-bodies"]
        shown = {(params(href)["body"], params(href)["delivery"]): n for href, n in links}
        deadline = self.cycle.deadline_end
        for code in ("th-skhcn", "th-syt", "th-snnmt", "th-xp-14797"):
            reports = TaskReport.objects.filter(cycle=self.cycle, organization__code=code)
            figures = {"on_time": reports.filter(delivered_at__lte=deadline).count(),
                       "late": reports.filter(delivered_at__gt=deadline).count(),
                       "undelivered": reports.filter(delivered_at__isnull=True).count()}
            self.assertEqual({k: shown.get((code, k), 0) for k in figures}, figures, code)
        self.assertEqual(shown[("th-syt", "late")], 2)
        self.assertEqual(shown[("th-syt", "on_time")], 2)  # the returned report was first delivered on time

    def test_the_largest_bodies_come_first_and_show_all_brings_the_rest(self):
        bodies = TaskReport.objects.filter(cycle=self.cycle).values("organization_id").distinct().count()
        page = self.dashboard()
        first = page.context["board"].bodies
        self.assertEqual(len(first.rows), 15)
        self.assertEqual(first.more, bodies - 15)
        self.assertEqual([r.total for r in first.rows], sorted((r.total for r in first.rows), reverse=True))
        self.assertContains(page, "bodies=all")
        self.assertEqual(len(self.dashboard(query="?bodies=all").context["board"].bodies.rows), bodies)

    def test_the_on_time_rate_of_each_annual_cycle_is_measured_against_its_own_deadline(self):
        older = services.open_cycle(SYSTEM, self.plan, year=2025)
        older = services.notify_bodies(SYSTEM, older, older.version)
        self.deliver("V.1", "th-skhcn", "on_track", older.deadline_end - timedelta(days=1), "keep", cycle=older)
        self.deliver("V.2", "th-skhcn", "on_track", older.deadline_end + timedelta(days=1), "keep", cycle=older)
        years = self.dashboard(query=f"?cycle={self.cycle.pk}").context["board"].years
        self.assertEqual([row["cycle"].year for row in years], [2025, 2026])
        for row in years:
            reports = TaskReport.objects.filter(cycle=row["cycle"])
            self.assertEqual(row["expected"], reports.count())
            self.assertEqual(row["on_time"], reports.filter(delivered_at__lte=row["cycle"].deadline_end).count())
            self.assertEqual(row["delivered"], reports.filter(delivered_at__isnull=False).count())
        self.assertEqual((years[0]["on_time"], years[0]["delivered"]), (1, 2))
        self.assertEqual((years[1]["on_time"], years[1]["delivered"]), (6, 9))

    def test_overdue_tasks_are_those_behind_or_not_started_and_after_the_deadline_those_without_report(self):
        statuses = {self.plan.tasks.get(pk=k).ref: v for k, v in self.consolidated().items()}
        board = self.dashboard().context["board"]
        self.assertEqual({item.task.ref for item in board.overdue}, {"V.2", "II.4"})
        with clock.frozen_at(self.cycle.deadline_end + timedelta(days=40)):  # after the province's 10/12
            board = self.dashboard().context["board"]
        late = {ref for ref, status in statuses.items() if status in ("behind", "not_started", NO_REPORT)}
        self.assertEqual({item.task.ref for item in board.overdue}, late)

    def test_conditional_tasks_name_the_ministry_and_who_carries_its_duties_today(self):
        page = self.dashboard()
        rows = {item.task.ref: (ministry, [o.name for o in now]) for item, ministry, now in
                page.context["board"].conditional}
        waiting = set(self.plan.tasks.filter(awaits_guidance=True, reports__cycle=self.cycle)
                      .values_list("ref", flat=True))
        self.assertEqual(set(rows), waiting)
        self.assertEqual(rows["II.4"], ("Bộ Tài nguyên và Môi trường", ["Bộ Nông nghiệp và Môi trường"]))
        self.assertContains(page, "Bộ Nông nghiệp và Môi trường")

    def test_bodies_that_did_not_report_are_listed_with_their_missing_reports(self):
        board = self.dashboard(query="?bodies=all").context["board"]
        shown = {org.code: (n, expected) for org, n, expected, _href in board.missing}
        delivered = TaskReport.objects.filter(cycle=self.cycle, state__in=["approved", "accepted"])
        for code in ("th-syt", "th-skhcn", "th-xp-14797"):
            reports = TaskReport.objects.filter(cycle=self.cycle, organization__code=code)
            self.assertEqual(shown[code], (reports.count() - delivered.filter(organization__code=code).count(),
                                           reports.count()))
        self.assertEqual(shown["th-syt"][0], shown["th-syt"][1] - 3)  # the returned one is missing again

    def test_the_charts_are_tables_with_bars_that_need_neither_javascript_nor_localized_numbers(self):
        page = self.dashboard()
        main = self.main(page)
        self.assertNotIn("<script", main)
        for chart in ("chart-status", "chart-themes", "chart-bodies", "chart-years"):
            table = re.search(rf'<table class="chart[^"]*" id="{chart}">(.*?)</table>', main, re.S)
            self.assertIsNotNone(table, chart)
            self.assertIn("<caption>", table.group(1))
            self.assertIn('scope="col"', table.group(1))
            self.assertIn('scope="row"', table.group(1))
        widths = re.findall(r'style="width:([^"]*)%"', main)
        self.assertTrue(widths)
        for width in widths:
            self.assertRegex(width, r"^\d+\.\d$")
        self.assertTrue(any(not width.endswith(".0") for width in widths))  # a "." where Vietnamese writes ","

    def test_figures_are_written_the_vietnamese_way(self):
        expected = TaskReport.objects.filter(cycle=self.cycle).count()
        self.assertGreater(expected, 999)
        vietnamese = f"{expected:,}".replace(",", ".")
        self.assertContains(self.dashboard(), f'<div class="stat">{vietnamese}</div>', html=False)

    def test_every_figure_links_to_a_task_list_of_exactly_that_many_tasks(self):
        client = self.signed_in("viewer")
        found = Counts(self.dashboard("viewer").content.decode()).links
        checked = 0
        for table in ("chart-status", "chart-themes", "chart-bodies", "missing"):
            for href, count in found[table]:
                page = client.get(href)
                self.assertEqual(page.status_code, 200, href)
                self.assertEqual(len(Counts(page.content.decode()).rows), count, href)
                checked += 1
        self.assertGreater(checked, 40)

    def test_it_shows_the_chosen_cycle_and_by_default_the_latest_annual_one(self):
        older = services.open_cycle(SYSTEM, self.plan, year=2025)
        services.open_cycle(SYSTEM, self.plan, year=2027)  # still preparing: not offered
        older = services.notify_bodies(SYSTEM, older, older.version)
        page = self.dashboard()
        self.assertEqual(page.context["cycle"], self.cycle)
        self.assertEqual([c.year for c in page.context["cycles"]], [2026, 2025])
        self.assertEqual(self.dashboard(query=f"?cycle={older.pk}").context["cycle"], older)
        self.assertEqual(self.signed_in("viewer").get("/reporting/dashboard/?cycle=999999").status_code, 404)
