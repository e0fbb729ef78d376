"""The figures a provincial document quotes: rounded as people round, and adding up."""

from django.test import SimpleTestCase

from tests.reporting.cycles import CycleTestCase
from xanh.core.services import SYSTEM
from xanh.documents.figures import percent_value, vi_number, vi_percent
from xanh.reporting.enums import ImplementationStatus
from xanh.reporting.models import TaskReport
from xanh.reporting.progress import cycle_progress
from xanh.reporting.services import accept, approve, return_report, save_report, submit


class RoundingTests(SimpleTestCase):
    def test_shares_are_rounded_half_up_not_cut(self):
        self.assertEqual(vi_percent(12, 83), "14,5")
        self.assertEqual(vi_percent(2, 3), "66,7")
        self.assertEqual(vi_percent(1, 8), "12,5")
        self.assertEqual(vi_percent(0, 0), "0,0")
        self.assertEqual(str(percent_value(2, 3)), "66.7")

    def test_numbers_are_written_the_vietnamese_way(self):
        self.assertEqual(vi_number(2676), "2.676")
        self.assertEqual(vi_number(1234.55, 1), "1.234,6")


class DeliveryFiguresTests(CycleTestCase):
    def deliver(self, ref, code):
        report = TaskReport.objects.get(cycle=self.cycle, task__ref=ref, organization__code=code)
        report = save_report(SYSTEM, report, report.version, {"status": ImplementationStatus.ON_TRACK,
                                                              "results": "Đã làm."})
        report = submit(SYSTEM, report, report.version)
        return approve(SYSTEM, report, report.version) if report.state == "submitted" else report

    def test_reports_received_split_into_on_time_and_late_add_up_even_after_a_return(self):
        kept = self.deliver("I.1", "th-snnmt")
        accept(SYSTEM, kept, kept.version)
        returned = self.deliver("II.7", "th-stc")
        return_report(SYSTEM, returned, returned.version, "Bổ sung số liệu.")
        self.deliver("I.1", "th-syt")
        progress = cycle_progress(None, self.cycle)
        self.assertEqual(progress.delivered, 2)
        self.assertEqual(progress.on_time + progress.late, progress.delivered)
