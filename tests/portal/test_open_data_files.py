"""The datasets as files: CSV for Excel, JSON with its dictionary, stable names, ISO dates, 404s."""

import csv
import io

from tests.portal.states import PortalTestCase, marker, output_marker
from xanh.core.services import SYSTEM
from xanh.plans.models import Assignment
from xanh.portal.opendata import DATASETS
from xanh.reporting.models import TaskReport
from xanh.reporting.services import OutputInput, accept, approve, save_report, submit


class OpenDataFilesTests(PortalTestCase):
    def url(self, name, fmt):
        dataset = DATASETS[name]
        path = dataset.path.format(cycle_id=self.cycle.pk)
        return f"/open/{path}.{fmt}"

    def read_csv(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    def test_every_dataset_has_the_dictionarys_fields_in_both_formats(self):
        for name, dataset in DATASETS.items():
            names = [f.name for f in dataset.fields]
            with self.subTest(name):
                rows = self.read_csv(self.url(name, "csv"))
                self.assertEqual(rows[0], names)
                self.assertGreater(len(rows), 1)
                self.assertTrue(all(len(row) == len(names) for row in rows))
                response = self.client.get(self.url(name, "json"))
                self.assertEqual(response["Cache-Control"], "public, max-age=300")
                data = response.json()
                self.assertEqual(data["dataset"], name)
                self.assertEqual([f["name"] for f in data["fields"]], names)
                self.assertTrue(all(f["type"] and f["description"] for f in data["fields"]))
                self.assertTrue(data["generated_at"])
                self.assertEqual([list(row) for row in data["rows"]], [names] * len(data["rows"]))
                self.assertEqual(len(data["rows"]), len(rows) - 1)

    def test_names_are_the_documented_snake_case_ones(self):
        for dataset in DATASETS.values():
            for field in dataset.fields:
                self.assertRegex(field.name, r"^[a-z][a-z0-9_]*$")
                self.assertIn(field.type, ("integer", "string", "boolean", "date", "url"))

    def test_the_accepted_report_is_there_with_iso_dates_and_codes(self):
        report = self.reports["accepted-published"]
        rows = self.client.get(self.url("reports", "json")).json()["rows"]
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["cycle_id"], row["task_ref"], row["body_code"], row["status"], row["progress"]),
                         (self.cycle.pk, report.task.ref, "th-snnmt", "on_track", 40))
        self.assertEqual(row["results"], marker("accepted-published"))
        self.assertRegex(row["accepted_at"], r"^\d{4}-\d{2}-\d{2}$")
        outputs = self.client.get(self.url("outputs", "json")).json()["rows"]
        self.assertEqual([(o["title"], o["url"]) for o in outputs], [
            (output_marker("accepted-published"), f"https://example.org/van-ban/{output_marker('accepted-published')}")])
        status = {r["task_ref"]: r for r in self.client.get(self.url("task-status", "json")).json()["rows"]}
        self.assertEqual(status[report.task.ref]["status"], "on_track")
        self.assertEqual(status[report.task.ref]["accepted_reports"], 1)
        self.assertEqual(status[report.task.ref]["status_label_vi"], "Đang triển khai đúng tiến độ")
        self.assertEqual(status[self.task_of("draft").ref]["status"], "no_report")
        cycles = self.client.get(self.url("cycles", "json")).json()["rows"]
        self.assertEqual([(c["id"], c["kind"], c["year"]) for c in cycles], [(self.cycle.pk, "annual", 2026)])
        self.assertRegex(cycles[0]["body_deadline"], r"^2026-\d{2}-\d{2}$")
        self.assertTrue(cycles[0]["url"].endswith(f"/portal/cycles/{self.cycle.pk}/"))
        plans = self.client.get(self.url("plans", "json")).json()["rows"]
        self.assertEqual([(p["id"], p["number"], p["date"]) for p in plans],
                         [(self.plan.pk, self.plan.number, self.plan.date.isoformat())])

    def test_tasks_are_filtered_by_plan_and_carry_their_lead_bodies(self):
        rows = self.client.get(f"/open/tasks.json?plan={self.plan.pk}").json()["rows"]
        self.assertEqual(len(rows), self.plan.tasks.filter(removed_in__isnull=True).count())
        by_ref = {r["ref"]: r for r in rows}
        lead = (Assignment.objects.filter(task__plan=self.plan, role="lead", organization__isnull=False)
                .select_related("task", "organization").first())
        led = lead.task
        self.assertIn(lead.organization.name, by_ref[led.ref]["lead_bodies"])
        grouped = self.plan.tasks.filter(assignments__role="lead", assignments__group__isnull=False).first()
        group = grouped.assignments.filter(role="lead", group__isnull=False).first().group
        self.assertIn(group.name, by_ref[grouped.ref]["lead_bodies"])
        self.assertIsInstance(by_ref[led.ref]["awaits_guidance"], bool)
        csv_rows = self.read_csv(f"/open/tasks.csv?plan={self.plan.pk}")
        self.assertIn(csv_rows[1][csv_rows[0].index("awaits_guidance")], ("true", "false"))

    def test_a_cell_that_excel_would_run_as_a_formula_stays_text(self):
        report = (TaskReport.objects.filter(cycle=self.cycle, state="draft").exclude(organization__code="th-snnmt")
                  .order_by("pk").first())
        report = save_report(SYSTEM, report, report.version, {"status": "behind", "results": '=HYPERLINK("x")'},
                             [OutputInput(kind="ke_hoach", number="-1/KH", title="+cmd")])
        report = submit(SYSTEM, report, report.version)
        if report.state == "submitted":
            report = approve(SYSTEM, report, report.version)
        accept(SYSTEM, report, report.version)
        rows = self.read_csv(self.url("reports", "csv"))
        self.assertIn("'=HYPERLINK(\"x\")", [row[rows[0].index("results")] for row in rows])
        outputs = self.read_csv(self.url("outputs", "csv"))
        self.assertIn(["'-1/KH", "'+cmd"], [[row[4], row[7]] for row in outputs])
        data = self.client.get(self.url("reports", "json")).json()["rows"]
        self.assertIn('=HYPERLINK("x")', [row["results"] for row in data])  # JSON keeps the text as it is

    def test_unknown_unpublished_or_malformed_ids_are_404(self):
        for url in (f"/open/cycles/{self.older.pk}/reports.csv", "/open/cycles/999999/task-status.json",
                    "/open/tasks.csv?plan=999999", "/open/tasks.json?plan=abc", "/open/plans.xml",
                    "/open/nothing.csv"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_index_documents_every_field_from_the_same_definition(self):
        body = self.client.get("/open/").content.decode()
        for name, dataset in DATASETS.items():
            with self.subTest(name):
                self.assertIn(f'id="{name}"', body)
                self.assertIn(f"/open/{dataset.path}.csv", body)
                for field in dataset.fields:
                    self.assertIn(f"<code>{field.name}</code>", body)
        self.assertIn(f'href="/open/cycles/{self.cycle.pk}/reports.csv"', body)
        self.assertNotIn(f'href="/open/cycles/{self.older.pk}/', body)
