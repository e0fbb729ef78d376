"""Use case: the coordinator's registry spreadsheet also says which themes and tasks of the plan each
indicator measures, and whether it is published; an unknown reference is named where it stands."""

from tests.indicators.test_indicator_import import xlsx
from tests.personas import PlanTestCase, RegistryTestCase
from xanh.core.errors import InputError
from xanh.core.services import SYSTEM
from xanh.indicators.importers import import_indicator_file
from xanh.indicators.models import Indicator
from xanh.indicators.services import create_indicator, set_indicator_links

HEADER = ["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Chủ đề", "Nhiệm vụ", "Công bố"]


class RegistryLinksImportTest(PlanTestCase):
    def test_rows_link_themes_and_tasks_and_may_start_unpublished(self):
        kept = create_indicator(SYSTEM, framework="tt10", code="2.1", name="Tỷ lệ che phủ rừng", unit="%")
        set_indicator_links(SYSTEM, kept, tasks=[self.task("I.1")])
        data = xlsx([HEADER,
                     ["1.1", "Cường độ phát thải", "tCO2e/tỷ đồng", "I", "I.1, I.2", ""],
                     ["1.2", "Tổng phát thải", "tCO2e", "", "", "không"],
                     ["2.1", "Tỷ lệ che phủ rừng", "%", "", "VIII.5.3", "có"]])
        outcome = import_indicator_file(self.coordinator, data, "bo.xlsx")
        self.assertEqual((outcome.counts["created"], outcome.counts["updated"]), (2, 1))
        first = Indicator.objects.get(code="1.1")
        self.assertEqual((sorted(t.ref for t in first.tasks.all()), [t.code for t in first.themes.all()],
                          first.is_public), (["I.1", "I.2"], ["I"], True))
        second = Indicator.objects.get(code="1.2")
        self.assertEqual((second.tasks.count(), second.is_public), (0, False))
        self.assertEqual([t.ref for t in Indicator.objects.get(code="2.1").tasks.all()], ["VIII.5.3"])

    def test_a_blank_cell_leaves_the_links_and_publication_as_they_are(self):
        kept = create_indicator(SYSTEM, framework="tt10", code="2.1", name="Che phủ", unit="%", is_public=False)
        set_indicator_links(SYSTEM, kept, tasks=[self.task("I.1")])
        outcome = import_indicator_file(self.coordinator, xlsx([HEADER, ["2.1", "Che phủ", "%", "", "", ""]]),
                                        "bo.xlsx")
        kept.refresh_from_db()
        self.assertEqual(([t.ref for t in kept.tasks.all()], kept.is_public), (["I.1"], False))
        again = import_indicator_file(self.coordinator, xlsx([HEADER, ["2.1", "Che phủ", "%", "", "I.1", ""]]),
                                      "bo.xlsx")
        self.assertEqual((outcome.counts["updated"], again.counts["unchanged"]), (1, 1))   # objective 2 from code

    def test_an_unknown_theme_or_task_is_named_by_row_and_column_and_nothing_is_written(self):
        data = xlsx([HEADER,
                     ["1.1", "Cường độ phát thải", "tCO2e/tỷ đồng", "", "I.1, IX.99", ""],
                     ["1.2", "Tổng phát thải", "tCO2e", "Z9", "", ""],
                     ["1.3", "Khác", "%", "", "", "có lẽ"]])
        with self.assertRaises(InputError) as caught:
            import_indicator_file(self.coordinator, data, "bo.xlsx")
        where = {(p.line, p.column.split(" ")[0]) for p in caught.exception.problems}
        self.assertEqual(where, {(2, "E"), (3, "D"), (4, "F")})
        self.assertIn("IX.99", next(str(p.message) for p in caught.exception.problems if p.line == 2))
        self.assertFalse(Indicator.objects.exists())


class RegistryLinksWithoutPlanTest(RegistryTestCase):
    def test_links_without_a_plan_are_refused(self):
        with self.assertRaises(InputError):
            import_indicator_file(self.coordinator, xlsx([HEADER, ["1.1", "x", "%", "", "I.1", ""]]), "bo.xlsx")
        self.assertFalse(Indicator.objects.exists())
