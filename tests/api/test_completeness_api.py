"""Use case: the coordinator (and leadership) watch completeness and timeliness per body through the API."""

from datetime import timedelta

from tests.api.clients import ApiPersonas
from tests.reporting.cycles import CycleTestCase
from xanh.core import clock
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.reporting import services

FILLED = {"status": "on_track", "results": "Đang triển khai."}
FIELDS = {"organization", "organization_name", "expected", "draft", "submitted", "approved", "accepted", "returned",
          "missing", "on_time", "late"}


class CompletenessApiTest(ApiPersonas, CycleTestCase):
    def deliver(self, ref, code, *, at, reporter="nnmt_reporter"):
        """Fill, submit and (when the body has an approver) approve, with the clock at `at`."""
        report = self.report(ref, code)
        with clock.frozen_at(at):
            report = services.save_report(self.users[reporter], report, report.version, FILLED)
            report = services.submit(self.users[reporter], report, report.version)
            if report.state == "submitted":
                report = services.approve(self.nnmt_approver, report, report.version)
        return report

    def rows(self, persona="coordinator", cycle=None):
        response = self.api(persona, "GET", f"/cycles/{(cycle or self.cycle).pk}/completeness")
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def row(self, code, persona="coordinator"):
        return next(r for r in self.rows(persona) if r["organization"] == code)

    def test_the_counts_match_hand_built_states(self):
        deadline = self.cycle.deadline_end
        early, late = deadline - timedelta(days=2), deadline + timedelta(days=3)
        self.deliver("I.1", "th-snnmt", at=early)                        # approved, on time
        self.deliver("II.7", "th-snnmt", at=late)                        # approved, late
        accepted = self.deliver("V.6", "th-snnmt", at=early)             # accepted, on time
        services.accept(SYSTEM, accepted, accepted.version)
        returned = self.deliver("VI.2", "th-snnmt", at=early)            # returned, delivered on time
        services.return_report(SYSTEM, returned, returned.version, "Thiếu số liệu.")
        submitted = self.report("VII.2", "th-snnmt")                     # submitted, awaiting the approver
        submitted = services.save_report(self.nnmt_reporter, submitted, submitted.version, FILLED)
        services.submit(self.nnmt_reporter, submitted, submitted.version)
        self.deliver("I.1", "th-syt", at=late, reporter="yte_reporter")  # no approver: delivered on submission

        expected = self.cycle.reports.filter(organization__code="th-snnmt").count()
        nnmt = self.row("th-snnmt")
        self.assertEqual(set(nnmt), FIELDS)
        self.assertEqual(nnmt["organization_name"], self.org("th-snnmt").name)
        self.assertEqual({k: v for k, v in nnmt.items() if k not in ("organization", "organization_name")}, {
            "expected": expected, "draft": expected - 5, "submitted": 1, "approved": 2, "accepted": 1,
            "returned": 1, "missing": expected - 3, "on_time": 3, "late": 1})
        yte = self.row("th-syt")
        self.assertEqual((yte["approved"], yte["missing"], yte["on_time"], yte["late"]),
                         (1, yte["expected"] - 1, 0, 1))
        untouched = self.row("th-xp-14797")
        self.assertEqual((untouched["draft"], untouched["missing"], untouched["on_time"], untouched["late"]),
                         (untouched["expected"], untouched["expected"], 0, 0))

        codes = [r["organization"] for r in self.rows()]
        self.assertLess(codes.index("th-snnmt"), codes.index("th-syt"))  # a league table: on time first
        self.assertEqual(len(codes), self.cycle.reports.values("organization").distinct().count())

        # timeliness is computed: moving the deadline past the late deliveries makes them on time
        cycle = services.update_cycle(SYSTEM, self.cycle, self.cycle.version,
                                      body_deadline=late.date() + timedelta(days=1))
        nnmt = self.row("th-snnmt")
        self.assertEqual((nnmt["on_time"], nnmt["late"]), (4, 0))
        services.update_cycle(SYSTEM, cycle, cycle.version, body_deadline=early.date() - timedelta(days=1))
        nnmt = self.row("th-snnmt")
        self.assertEqual((nnmt["on_time"], nnmt["late"]), (0, 4))

    def test_leadership_reads_it_and_the_bodies_do_not(self):
        self.assertEqual(self.rows("viewer"), self.rows("coordinator"))
        path = f"/cycles/{self.cycle.pk}/completeness"
        events = AuditEvent.objects.count()
        for persona, status in (("anonymous", 401), ("nnmt_reporter", 403), ("nnmt_approver", 403),
                                ("yte_reporter", 403), ("commune", 403)):
            with self.subTest(persona=persona):
                response = self.api(persona, "GET", path)
                self.assertEqual(response.status_code, status)
                self.assertIn("detail", response.json())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_an_unknown_or_unseen_cycle_is_404(self):
        self.assertEqual(self.api("coordinator", "GET", "/cycles/999999/completeness").status_code, 404)
        preparing = services.open_cycle(SYSTEM, self.plan, year=2025)
        self.assertEqual(self.api("viewer", "GET", f"/cycles/{preparing.pk}/completeness").status_code, 404)
        rows = self.rows("coordinator", preparing)
        self.assertTrue(rows)
        self.assertTrue(all(r["draft"] == r["expected"] == r["missing"] for r in rows))
