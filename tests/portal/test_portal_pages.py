"""The portal's pages: readable without JavaScript, filters by GET, a fixed number of queries."""

import re

from django.core.files.base import ContentFile

from tests.portal.states import PortalTestCase
from xanh.core.services import SYSTEM
from xanh.documents.models import ReportFile
from xanh.reporting.models import TaskReport
from xanh.reporting.services import OutputInput, accept, approve, save_report, submit

CYCLE_PAGE_QUERIES = 7
TASK_STATUS_QUERIES = 5


def main(body: str) -> str:
    return re.search(r"<main>.*</main>", body, re.S).group(0)


class PortalPagesTests(PortalTestCase):
    def pages(self):
        task = self.task_of("accepted-published")
        return ["/portal/", f"/portal/plans/{self.plan.pk}/", f"/portal/cycles/{self.cycle.pk}/",
                f"/portal/tasks/{task.pk}/", "/open/"]

    def test_every_page_reads_without_any_script(self):
        for url in self.pages():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                content = main(response.content.decode())
                self.assertNotIn("<script", content)
                self.assertNotIn("hx-", content)

    def test_the_home_page_lists_the_public_plan_and_only_its_published_cycle(self):
        body = self.client.get("/portal/").content.decode()
        self.assertIn(f'href="/portal/plans/{self.plan.pk}/"', body)
        self.assertIn(f'href="/portal/cycles/{self.cycle.pk}/"', body)
        self.assertNotIn(f'href="/portal/cycles/{self.older.pk}/"', body)

    def test_the_plan_page_shows_each_tasks_latest_published_status(self):
        body = self.client.get(f"/portal/plans/{self.plan.pk}/").content.decode()
        task = self.task_of("accepted-published")
        row = re.search(rf'<a href="/portal/tasks/{task.pk}/">.*?</tr>', body, re.S).group(0)
        self.assertIn("light-green", row)    # on track
        self.assertIn("2026", row)
        draft = self.task_of("draft")
        row = re.search(rf'<a href="/portal/tasks/{draft.pk}/">.*?</tr>', body, re.S).group(0)
        self.assertNotIn("light-", row)

    def test_the_cycle_page_filters_by_theme_and_status(self):
        url = f"/portal/cycles/{self.cycle.pk}/"
        task = self.task_of("accepted-published")
        all_rows = self.client.get(url).context["rows"]
        on_track = self.client.get(url, {"status": "on_track"}).context["rows"]
        self.assertEqual([r.task.ref for r in on_track], [task.ref])
        theme = task.theme.parent or task.theme
        by_theme = self.client.get(url, {"theme": theme.code}).context["rows"]
        self.assertTrue(by_theme)
        self.assertLess(len(by_theme), len(all_rows))
        self.assertTrue(all((r.task.theme.parent or r.task.theme).code == theme.code for r in by_theme))
        self.assertEqual(self.client.get(url, {"status": "nonsense"}).context["rows"], [])

    def test_the_cycle_page_counts_every_task_the_cycle_covers(self):
        response = self.client.get(f"/portal/cycles/{self.cycle.pk}/")
        summary = {item.status: item.count for item in response.context["summary"]}
        self.assertEqual(summary["on_track"], 1)
        self.assertEqual(sum(summary.values()), response.context["total"])
        self.assertEqual(summary["no_report"], response.context["total"] - 1)
        self.assertContains(response, 'style="width: 1%"')

    def test_unknown_ids_are_404(self):
        for url in ("/portal/plans/999999/", "/portal/cycles/999999/", "/portal/tasks/999999/",
                    "/portal/files/999999/"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def grow(self):
        """Accept more reports, with outputs, from other bodies, and publish a file."""
        rows = (TaskReport.objects.filter(cycle=self.cycle, state="draft").exclude(organization__code="th-snnmt")
                .select_related("organization").order_by("pk")[:6])
        for report in rows:
            report = save_report(SYSTEM, report, report.version, {"status": "behind", "results": "Chậm"}, [
                OutputInput(kind="bao_cao", number="9/BC", url="https://example.org/bc/9"),
                OutputInput(kind="ke_hoach", number="10/KH")])
            report = submit(SYSTEM, report, report.version)
            if report.state == "submitted":  # a body without an approver account delivers on submission
                report = approve(SYSTEM, report, report.version)
            accept(SYSTEM, report, report.version)
        ReportFile.objects.create(cycle=self.cycle, kind="annual", format="pdf", name="bao-cao.pdf", size=4,
                                  sha256="0" * 64, is_public=True, file=ContentFile(b"%PDF", name="bao-cao.pdf"))

    def test_the_cycle_page_costs_the_same_queries_however_much_is_published(self):
        url = f"/portal/cycles/{self.cycle.pk}/"
        with self.assertNumQueries(CYCLE_PAGE_QUERIES):
            self.client.get(url)
        self.grow()
        with self.assertNumQueries(CYCLE_PAGE_QUERIES):
            response = self.client.get(url)
        self.assertContains(response, "bao-cao.pdf")
        self.assertContains(response, "9/BC")

    def test_the_task_status_dataset_costs_the_same_queries_however_much_is_published(self):
        url = f"/open/cycles/{self.cycle.pk}/task-status.csv"
        with self.assertNumQueries(TASK_STATUS_QUERIES):
            before = self.client.get(url).content
        self.grow()
        with self.assertNumQueries(TASK_STATUS_QUERIES):
            after = self.client.get(url).content
        self.assertEqual(before.count(b"\r\n"), after.count(b"\r\n"))
        self.assertGreater(after.count(b",behind,"), before.count(b",behind,"))
