"""Use case: another province sends its plan as a Word decision whose appendix is a table."""

from tests.personas import PlanTestCase
from tests.plans.documents import plan_docx
from xanh.plans.models import Task
from xanh.plans.services import import_plan


def content(plan):
    rows = []
    for task in Task.objects.filter(plan=plan, removed_in__isnull=True).prefetch_related("assignments"):
        rows.append((task.ref, task.text, task.time_frame, task.products_as_written, task.awaits_guidance,
                     tuple((a.role, a.as_written, a.organization_id, a.group_id) for a in task.assignments.all())))
    return rows


class DocxImportTest(PlanTestCase):
    def test_a_word_table_with_columns_in_another_order_gives_the_same_plan(self):
        data = plan_docx(self.plan, number="1234/QĐ-UBND", title="Kế hoạch thí điểm tăng trưởng xanh")
        outcome = import_plan(self.coordinator, data, "ke-hoach.docx")
        self.assertTrue(outcome.created)
        other = outcome.plan
        self.assertEqual((other.number, other.signer, other.period_start), ("1234/QĐ-UBND", "Lê Đức Giang", 2021))
        self.assertEqual(other.versions.get().source_format, "docx")
        self.assertEqual(content(other), content(self.plan))
        self.assertEqual(other.themes.count(), 19)
        self.assertEqual(other.themes.get(code="VIII.3").parent.code, "VIII")

    def test_the_same_word_file_with_the_seeds_number_is_recognised_as_the_same_plan(self):
        outcome = import_plan(self.coordinator, plan_docx(self.plan), "3825.docx")
        self.assertTrue(outcome.unchanged)

    def test_a_new_decision_under_the_same_title_is_a_new_version_of_that_plan(self):
        outcome = import_plan(self.coordinator, plan_docx(self.plan, number="555/QĐ-UBND"), "sua-doi.docx")
        self.assertEqual(outcome.plan, self.plan)
        self.assertEqual([(c["kind"], c["field"], c["after"]) for c in outcome.changes],
                         [("plan", "number", "555/QĐ-UBND")])
        self.plan.refresh_from_db()
        # the plan keeps its own decision; the version records the amending one
        self.assertEqual((self.plan.number, self.plan.latest_seq), ("3825/QĐ-UBND", 2))
        self.assertEqual(self.plan.versions.get(seq=2).number, "555/QĐ-UBND")

    def test_the_particulars_are_read_from_the_usual_header_table(self):
        data = plan_docx(self.plan, number="77/QĐ-UBND", title="Kế hoạch bảng đầu", header_table=True)
        plan = import_plan(self.coordinator, data, "bang-dau.docx").plan
        self.assertEqual((plan.number, plan.issuer_name, str(plan.date)),
                         ("77/QĐ-UBND", "Ủy ban nhân dân tỉnh Thanh Hóa", "2023-10-18"))
        self.assertEqual(plan.tasks.count(), 84)

    def test_task_locations_name_the_table_and_row(self):
        outcome = import_plan(self.coordinator, plan_docx(self.plan, number="1234/QĐ-UBND", title="Kế hoạch khác"),
                              "ke-hoach.docx")
        task = outcome.plan.tasks.get(ref="I.1")
        self.assertEqual(task.source_ref, "bảng 1, hàng 3")
        with_header = import_plan(self.coordinator, plan_docx(self.plan, number="78/QĐ-UBND", title="Kế hoạch ba",
                                                              header_table=True), "ba.docx").plan
        self.assertEqual(with_header.tasks.get(ref="I.1").source_ref, "bảng 2, hàng 3")
