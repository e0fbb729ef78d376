"""Use case: an operator opens, lists, watches and opens for reporting a cycle with `xanh cycle …`."""

import contextlib
import io
import json

from django.contrib.auth import get_user_model

from tests.personas import PlanTestCase
from xanh.cli import build_parser, main
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.reporting import services
from xanh.reporting.models import Cycle, TaskReport

STATUS_FIELDS = ["organization", "organization_name", "expected", "draft", "submitted", "approved", "accepted",
                 "returned", "missing", "on_time", "late"]


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


class CycleCommandTest(PlanTestCase):
    def open(self, *args) -> Cycle:
        code, out, err = run("cycle", "open", *args)
        self.assertEqual(code, 0, err)
        return Cycle.objects.get(pk=int(out.strip().splitlines()[-1]))

    def test_cycle_open_prints_a_summary_and_the_new_cycles_id_last(self):
        code, out, err = run("cycle", "open", "--year", 2026)
        self.assertEqual((code, err), (0, ""))
        cycle = Cycle.objects.get()
        self.assertEqual(out.strip().splitlines()[-1], str(cycle.pk))
        self.assertEqual((cycle.year, cycle.kind, cycle.state, cycle.plan), (2026, "annual", "preparing", self.plan))
        reports = TaskReport.objects.filter(cycle=cycle)
        summary = out.splitlines()[0]
        self.assertIn(str(reports.count()), summary)
        self.assertIn(str(reports.values("organization").distinct().count()), summary)
        unassigned = services.compute_expected(cycle).unassigned
        self.assertEqual(len([line for line in out.splitlines() if line.startswith("  ! ")]), len(unassigned))
        self.assertTrue(AuditEvent.objects.filter(action="cycle.open", object_id=str(cycle.pk)).exists())

    def test_cycle_open_takes_a_kind_a_plan_number_and_notifies_at_once(self):
        cycle = self.open("--year", 2025, "--kind", "midterm", "--plan", self.plan.number, "--notify")
        self.assertEqual((cycle.kind, cycle.state), ("midterm", "open"))
        self.assertIsNotNone(cycle.notified_at)
        by_id = self.open("--year", 2025, "--kind", "adhoc", "--plan", self.plan.pk)
        self.assertEqual((by_id.kind, by_id.plan), ("adhoc", self.plan))

    def test_a_refused_opening_exits_1_with_the_reason_and_writes_nothing(self):
        self.open("--year", 2026)
        events = AuditEvent.objects.count()
        for args in (("--year", 2026), ("--year", 1990), ("--year", 2026, "--plan", "999/QĐ-UBND")):
            with self.subTest(args=args):
                code, out, err = run("cycle", "open", *args)
                self.assertEqual((code, out), (1, ""))
                self.assertTrue(err.startswith("✗ "), err)
        self.assertEqual((Cycle.objects.count(), AuditEvent.objects.count()), (1, events))
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            main(["cycle", "open", "--year", "2026", "--kind", "monthly"])

    def test_cycle_list_has_one_line_per_cycle_starting_with_its_id(self):
        annual = self.open("--year", 2026, "--notify")
        midterm = self.open("--year", 2025, "--kind", "midterm")
        report = TaskReport.objects.get(cycle=annual, task__ref="I.1", organization__code="th-syt")
        report = services.save_report(SYSTEM, report, report.version, {"status": "recurring", "results": "Đều đặn."})
        services.submit(SYSTEM, report, report.version)  # Sở Y tế has no approver: delivered at once
        code, out, _err = run("cycle", "list")
        lines = [line.split("\t") for line in out.strip().splitlines()]
        self.assertEqual(code, 0)
        self.assertEqual([line[:5] for line in lines], [
            [str(annual.pk), "2026", "annual", "open", self.plan.number],
            [str(midterm.pk), "2025", "midterm", "preparing", self.plan.number]])
        self.assertEqual(lines[0][5:8], [str(annual.reports.count()), "1", "0"])

    def test_cycle_status_prints_the_apis_fields_per_body(self):
        cycle = self.open("--year", 2026, "--notify")
        report = TaskReport.objects.get(cycle=cycle, task__ref="I.1", organization__code="th-syt")
        report = services.save_report(SYSTEM, report, report.version, {"status": "on_track", "results": "Đang làm."})
        services.submit(SYSTEM, report, report.version)  # Sở Y tế has no approver: delivered at once
        code, out, _err = run("cycle", "status", "--cycle", cycle.pk, "--format", "json")
        self.assertEqual(code, 0)
        rows = json.loads(out)
        self.assertIsInstance(rows, list)
        self.assertEqual([list(r) for r in rows], [STATUS_FIELDS] * len(rows))
        yte = next(r for r in rows if r["organization"] == "th-syt")
        self.assertEqual((yte["approved"], yte["missing"]), (1, yte["expected"] - 1))
        self.assertEqual(sum(r["expected"] for r in rows), cycle.reports.count())
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(f"/api/v1/cycles/{cycle.pk}/completeness").json(), rows)

        code, text, _err = run("cycle", "status", "--cycle", cycle.pk)
        lines = [line.split("\t") for line in text.strip().splitlines()]
        self.assertEqual(lines[1], STATUS_FIELDS)
        body_lines = lines[2:-1]
        self.assertEqual([line[0] for line in body_lines], [r["organization"] for r in rows])
        self.assertEqual(lines[-1][2], str(cycle.reports.count()))  # the total's expected

    def test_cycle_notify_opens_a_prepared_cycle_once(self):
        cycle = self.open("--year", 2026)
        code, _out, err = run("cycle", "notify", "--cycle", cycle.pk)
        self.assertEqual((code, err), (0, ""))
        cycle.refresh_from_db()
        self.assertEqual(cycle.state, "open")
        code, _out, err = run("cycle", "notify", "--cycle", cycle.pk)
        self.assertEqual(code, 1)
        self.assertTrue(err.startswith("✗ "))
        self.assertEqual(AuditEvent.objects.filter(action="cycle.notify").count(), 1)

    def test_an_unknown_cycle_exits_1(self):
        for args in (("status", "--cycle", 999), ("notify", "--cycle", 999)):
            with self.subTest(args=args):
                code, out, err = run("cycle", *args)
                self.assertEqual((code, out), (1, ""))
                self.assertIn("999", err)

    def test_users_of_every_role_get_a_token_that_works_on_the_api(self):
        cycle = self.open("--year", 2026, "--notify")
        for role, org, reports in (("reporter", "th-syt", 200), ("approver", "th-snnmt", 200),
                                   ("coordinator", "th-stc", 200), ("leadership", "th-ubnd", 200),
                                   ("viewer", "th-ubnd", 200)):
            with self.subTest(role=role):
                username = f"cli.{role}"
                code, _out, err = run("user", "create", username, "--org", org, "--role", role)
                self.assertEqual((code, err), (0, ""))
                user = get_user_model().objects.get(username=username)
                self.assertTrue(user.memberships.filter(role=role, organization__code=org).exists())
                code, token, _err = run("user", "token", username)
                self.assertEqual(code, 0)
                auth = {"HTTP_AUTHORIZATION": f"Bearer {token.strip().splitlines()[-1]}"}
                self.assertEqual(self.client.get("/api/v1/reports", **auth).status_code, reports)
                completeness = self.client.get(f"/api/v1/cycles/{cycle.pk}/completeness", **auth).status_code
                self.assertEqual(completeness, 200 if role in ("coordinator", "leadership") else 403)

    def test_the_parser_knows_the_cycle_commands(self):
        parser = build_parser()
        for args in (["cycle", "open", "--year", "2026", "--kind", "final", "--plan", "3825/QĐ-UBND", "--notify"],
                     ["cycle", "list"], ["cycle", "status", "--cycle", "1", "--format", "json"],
                     ["cycle", "notify", "--cycle", "1"]):
            parser.parse_args(args)
