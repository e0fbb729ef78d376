"""A report goes draft → submitted → approved → accepted, or back with a reason; timeliness is computed."""

from datetime import datetime

from django.utils import timezone

from tests.reporting.cycles import CycleTestCase
from xanh.core.clock import frozen_at
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.models import AuditEvent
from xanh.reporting.enums import ReportState
from xanh.reporting.services import accept, approve, reopen, return_report, save_report, send_back, submit

FILLED = {"status": "on_track", "progress": 40, "results": "Đã ban hành kế hoạch 12/KH-SNNMT."}


def at(month, day, hour=10):
    return timezone.make_aware(datetime(2026, month, day, hour))


class WorkflowTests(CycleTestCase):
    def filled(self, ref="II.4", code="th-snnmt", who=None):
        report = self.report(ref, code)
        return save_report(who or self.nnmt_reporter, report, report.version, FILLED)

    def test_a_report_travels_from_the_reporter_to_acceptance(self):
        report = self.filled()
        report = submit(self.nnmt_reporter, report, report.version)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        report = approve(self.nnmt_approver, report, report.version)
        self.assertEqual(report.state, ReportState.APPROVED)
        report = accept(self.coordinator, report, report.version)
        report = self.fresh(report)
        self.assertEqual((report.state, report.accepted_by), (ReportState.ACCEPTED, self.coordinator))
        actions = list(AuditEvent.objects.filter(object_type="reporting.taskreport", object_id=str(report.pk))
                       .order_by("id").values_list("action", flat=True))
        self.assertEqual(actions, ["report.save", "report.submit", "report.approve", "report.accept"])

    def test_an_accepted_report_is_locked(self):
        report = self.filled()
        for step, who in ((submit, self.nnmt_reporter), (approve, self.nnmt_approver), (accept, self.coordinator)):
            report = step(who, report, report.version)
        with self.assertRaisesMessage(ServiceError, "không còn sửa được"):
            save_report(self.nnmt_reporter, report, report.version, {"results": "sửa lén"})
        self.assertEqual(self.fresh(report).results, FILLED["results"])

    def test_the_coordinator_returns_with_a_reason_and_the_body_resubmits(self):
        report = self.filled()
        for step, who in ((submit, self.nnmt_reporter), (approve, self.nnmt_approver)):
            report = step(who, report, report.version)
        with self.assertRaises(ServiceError):
            return_report(self.coordinator, report, report.version, "  ")
        report = return_report(self.coordinator, report, report.version, "Bổ sung số liệu")
        self.assertEqual((report.state, report.return_reason), (ReportState.RETURNED, "Bổ sung số liệu"))
        report = save_report(self.nnmt_reporter, report, report.version, {"results": "Đã bổ sung: 3 lớp tập huấn"})
        report = submit(self.nnmt_reporter, report, report.version)
        self.assertEqual(report.state, ReportState.SUBMITTED)
        self.assertEqual(AuditEvent.objects.get(action="report.return").reason, "Bổ sung số liệu")

    def test_the_approver_sends_a_submission_back_to_the_reporter(self):
        report = self.filled()
        report = submit(self.nnmt_reporter, report, report.version)
        report = send_back(self.nnmt_approver, report, report.version, "Chưa có số văn bản")
        self.assertEqual(report.state, ReportState.DRAFT)
        self.assertIsNone(self.fresh(report).delivered_at)

    def test_reopening_an_accepted_report_needs_a_reason_and_is_audited(self):
        report = self.filled()
        for step, who in ((submit, self.nnmt_reporter), (approve, self.nnmt_approver), (accept, self.coordinator)):
            report = step(who, report, report.version)
        with self.assertRaises(ServiceError):
            reopen(self.coordinator, report, report.version, "")
        report = reopen(self.coordinator, report, report.version, "Số liệu cần điều chỉnh sau rà soát")
        self.assertEqual(report.state, ReportState.RETURNED)
        self.assertIsNone(self.fresh(report).accepted_at)
        self.assertTrue(AuditEvent.objects.filter(action="report.reopen",
                                                  reason="Số liệu cần điều chỉnh sau rà soát").exists())

    def test_a_report_without_a_status_or_results_cannot_be_submitted(self):
        report = self.cycle.reports.filter(organization__code="th-snnmt", task__awaits_guidance=False).first()
        with self.assertRaises(ServiceError) as caught:
            submit(self.nnmt_reporter, report, report.version)
        self.assertEqual(caught.exception.field, "status")
        report = save_report(self.nnmt_reporter, report, report.version, {"status": "on_track"})
        with self.assertRaises(ServiceError) as caught:
            submit(self.nnmt_reporter, report, report.version)
        self.assertEqual(caught.exception.field, "results")
        self.assertEqual(self.fresh(report).state, ReportState.DRAFT)

    def test_a_body_without_an_approver_delivers_on_submission(self):
        report = self.filled("I.1", "th-syt", who=self.yte_reporter)
        report = submit(self.yte_reporter, report, report.version)
        self.assertEqual(report.state, ReportState.APPROVED)
        self.assertIsNotNone(self.fresh(report).delivered_at)

    def test_timeliness_comes_from_the_delivery_time_against_the_deadline(self):
        early, late = self.filled("II.4"), self.filled("II.5")
        with frozen_at(at(11, 15, 23)):
            early = approve(self.nnmt_approver, submit(self.nnmt_reporter, early, early.version), early.version + 1)
        with frozen_at(at(11, 16, 8)):
            late = approve(self.nnmt_approver, submit(self.nnmt_reporter, late, late.version), late.version + 1)
        self.assertTrue(self.fresh(early).on_time)
        self.assertFalse(self.fresh(late).on_time)

    def test_a_returned_report_keeps_its_first_delivery_time(self):
        report = self.filled()
        with frozen_at(at(11, 10)):
            report = approve(self.nnmt_approver, submit(self.nnmt_reporter, report, report.version),
                             report.version + 1)
        report = return_report(self.coordinator, report, report.version, "Bổ sung")
        with frozen_at(at(11, 25)):
            report = submit(self.nnmt_reporter, report, report.version)
            report = approve(self.nnmt_approver, report, report.version)
        self.assertEqual(self.fresh(report).delivered_at, at(11, 10))
        self.assertTrue(self.fresh(report).on_time)

    def test_steps_out_of_order_are_refused(self):
        report = self.filled()
        with self.assertRaises(ServiceError):
            accept(self.coordinator, report, report.version)
        with self.assertRaises(ServiceError):
            approve(self.nnmt_approver, report, report.version)
        self.assertEqual(self.fresh(report).state, ReportState.DRAFT)

    def test_nobody_else_moves_a_report(self):
        report = self.filled()
        report = submit(self.nnmt_reporter, report, report.version)
        for persona in ("yte_reporter", "nnmt_reporter", "coordinator", "commune"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                approve(self.users[persona], report, report.version)
        report = approve(self.nnmt_approver, report, report.version)
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                accept(self.users[persona], report, report.version)
        self.assertEqual(self.fresh(report).state, ReportState.APPROVED)
