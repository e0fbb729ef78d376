"""The coordinator edits a section of the provincial report; figures stay tokens, edits are versioned and audited."""

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import PermissionDenied, ServiceError, StaleEdit
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.documents import services
from xanh.documents.content import build_content
from xanh.documents.models import ReportSection
from xanh.reporting.enums import ImplementationStatus
from xanh.reporting.services import accept, save_report, submit


class ReportSectionTests(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report = cls.report_of("II.7", "th-stc")
        report = save_report(SYSTEM, report, report.version, {"status": ImplementationStatus.DONE_ON_TIME,
                                                              "results": "Đã ban hành kế hoạch năm."})
        report = submit(SYSTEM, report, report.version)
        cls.accepted = accept(SYSTEM, report, report.version)

    @classmethod
    def report_of(cls, ref, code):
        from xanh.reporting.models import TaskReport

        return TaskReport.objects.get(cycle=cls.cycle, task__ref=ref, organization__code=code)

    @property
    def boss(self):
        return self.users["coordinator"]

    def test_an_edited_section_prints_its_figures_from_the_data(self):
        services.save_section(self.boss, self.cycle, "annual", "overview",
                              "Hoàn thành {{hoan_thanh}}/{{tong_nhiem_vu}} nhiệm vụ.", 0)
        content = build_content(self.boss, self.cycle, "annual")
        section = content.section("overview")
        self.assertTrue(section.edited)
        self.assertEqual(section.text, f"Hoàn thành 1/{content.progress.task_count} nhiệm vụ.")
        self.assertEqual(content.figures["hoan_thanh"], "1")

    def test_an_untouched_section_follows_the_reports(self):
        content = build_content(self.boss, self.cycle, "annual")
        theme = content.section("theme:II")
        self.assertFalse(theme.edited)
        self.assertIn("Đã ban hành kế hoạch năm.", theme.text)
        self.assertIn("II.7", theme.text)

    def test_it_refuses_an_unknown_figure_and_saves_nothing(self):
        with self.assertRaises(ServiceError) as caught:
            services.save_section(self.boss, self.cycle, "annual", "overview", "Có {{so_lieu_la}}.", 0)
        self.assertIn("{{so_lieu_la}}", str(caught.exception.message))
        self.assertFalse(ReportSection.objects.exists())

    def test_it_refuses_a_stale_edit(self):
        row = services.save_section(self.boss, self.cycle, "annual", "proposals", "- Kiến nghị A.", 0)
        services.save_section(self.boss, self.cycle, "annual", "proposals", "- Kiến nghị B.", row.version)
        with self.assertRaises(StaleEdit):
            services.save_section(self.boss, self.cycle, "annual", "proposals", "- Kiến nghị C.", row.version)
        self.assertEqual(ReportSection.objects.get(key="proposals").text, "- Kiến nghị B.")

    def test_it_refuses_a_section_the_document_does_not_have(self):
        with self.assertRaises(ServiceError):
            services.save_section(self.boss, self.cycle, "annual", "delivered", "x", 0)
        with self.assertRaises(ServiceError):
            services.save_section(self.boss, self.cycle, "nonsense", "overview", "x", 0)
        self.assertFalse(ReportSection.objects.exists())

    def test_only_the_coordinator_edits(self):
        for persona in ("viewer", "nnmt_reporter", "nnmt_approver", "yte_reporter", "commune"):
            with self.subTest(persona=persona), self.assertRaises(PermissionDenied):
                services.save_section(self.users[persona], self.cycle, "annual", "overview", "Sửa.", 0)
        self.assertFalse(ReportSection.objects.exists())

    def test_an_edit_and_a_reset_are_audited_and_the_section_follows_the_data_again(self):
        row = services.save_section(self.boss, self.cycle, "annual", "overview", "Văn bản riêng.", 0)
        services.reset_section(self.boss, self.cycle, "annual", "overview", row.version)
        self.assertFalse(ReportSection.objects.exists())
        events = AuditEvent.objects.filter(object_type="documents.reportsection").order_by("id")
        actions = list(events.values_list("action", flat=True))
        self.assertEqual(actions, ["documents.section.edit", "documents.section.reset"])
        content = build_content(self.boss, self.cycle, "annual")
        self.assertFalse(content.section("overview").edited)

    def test_an_edit_is_marked_stale_when_reports_change_after_it(self):
        services.save_section(self.boss, self.cycle, "annual", "overview", "Văn bản riêng.", 0)
        self.assertFalse(build_content(self.boss, self.cycle, "annual").section("overview").stale)
        report = self.report_of("I.1", "th-snnmt")
        save_report(SYSTEM, report, report.version, {"results": "Mới."})
        self.assertTrue(build_content(self.boss, self.cycle, "annual").section("overview").stale)

    def test_control_characters_are_dropped_and_an_empty_text_is_refused(self):
        services.save_section(self.boss, self.cycle, "annual", "proposals", "A\x00B\x0bC", 0)
        self.assertEqual(ReportSection.objects.get(key="proposals").text, "ABC")
        with self.assertRaises(ServiceError):
            services.save_section(self.boss, self.cycle, "annual", "direction", "   ", 0)
