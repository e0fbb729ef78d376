"""Two officers edit the same report: the later stale save is refused, nothing is lost."""

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import StaleEdit
from xanh.reporting.services import save_report, submit


class StaleEditTests(CycleTestCase):
    def test_the_later_stale_save_is_refused_with_a_clear_message(self):
        report = self.report("II.5", "th-snnmt")
        opened_at = report.version
        save_report(self.nnmt_reporter, report, opened_at, {"results": "Bản của cán bộ A"})
        with self.assertRaisesMessage(StaleEdit, "tải lại trang"):
            save_report(self.nnmt_approver, self.report("II.5", "th-snnmt"), opened_at, {"results": "Bản của B"})
        self.assertEqual(self.fresh(report).results, "Bản của cán bộ A")

    def test_a_stale_form_on_the_page_is_refused_and_shows_the_message(self):
        report = self.report("II.5", "th-snnmt")
        save_report(self.nnmt_approver, report, report.version, {"results": "Bản đầu"})
        response = self.signed_in("nnmt_reporter").post(f"/reporting/reports/{report.pk}/", {
            "version": report.version, "status": "on_track", "results": "Bản cũ", "out-TOTAL_FORMS": "0",
            "out-INITIAL_FORMS": "0"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "tải lại", status_code=400)
        self.assertEqual(self.fresh(report).results, "Bản đầu")

    def test_a_stale_submission_is_refused(self):
        report = save_report(self.nnmt_reporter, self.report("II.5", "th-snnmt"), 1,
                             {"status": "on_track", "results": "Đã làm"})
        save_report(self.nnmt_approver, report, report.version, {"results": "Đã làm, bổ sung"})
        with self.assertRaises(StaleEdit):
            submit(self.nnmt_reporter, report, report.version)
        self.assertEqual(self.fresh(report).state, "draft")
