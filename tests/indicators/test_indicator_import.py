"""Use case: the coordinator imports the indicator registry or observations from a spreadsheet; the
template is told by its headers, errors name sheet, row and column, and nothing is written on error."""

import io
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import Workbook

from tests.personas import RegistryTestCase
from xanh.core.errors import InputError, PermissionDenied
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.enums import FlagState, Periodicity
from xanh.indicators.importers import import_indicator_file
from xanh.indicators.importers.cells import CellError, read_number
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services import create_indicator, record_observation

REGISTRY_HEADER = ["STT", "Mã", "Tên chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Nhóm lộ trình", "Cơ quan chủ trì",
                   "Kỳ công bố", "Phân tổ chủ yếu"]
OBSERVATION_HEADER = ["Mã chỉ tiêu", "Địa bàn", "Năm", "Giá trị", "Đơn vị tính", "Thực hiện/Ước tính", "Nguồn"]


def xlsx(rows, title="Chỉ tiêu") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows, delimiter=";") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode("utf-8")


class NumberTest(SimpleTestCase):
    def test_it_reads_vietnamese_and_plain_numbers(self):
        cases = {"1.234,5": "1234.5", "1234.5": "1234.5", "1,234.5": "1234.5", "53,6": "53.6", "10.000": "10000",
                 "1.234.567": "1234567", "1,234,567": "1234567", "0.6612": "0.6612", "647737.35": "647737.35",
                 "-15": "-15", "−1,5": "-1.5", "6 000 000": "6000000", 0.6612: "0.6612", 10000: "10000"}
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(read_number(raw), Decimal(expected))

    def test_it_refuses_what_is_not_a_number(self):
        for raw in ("abc", "1,2,3", "12 ha", "1.23.4", "", "1,234,5.6"):
            with self.subTest(raw=raw), self.assertRaises(CellError):
                read_number(raw)


class RegistryImportTest(RegistryTestCase):
    def test_it_creates_and_updates_indicators_by_code_and_resolves_the_lead(self):
        create_indicator(SYSTEM, framework="tt10", code="1.1", name="Cũ", unit="tCO2e/tỷ đồng")
        data = csv([REGISTRY_HEADER,
                    [1, "1.1", "Cường độ phát thải khí nhà kính", "tCO2e/tỷ đồng", "", "A",
                     "Bộ Tài nguyên và Môi trường", "2 năm", "Ngành kinh tế"],
                    [2, "3.1", "Tỷ lệ hộ gia đình sử dụng năng lượng sạch", "%", "3", "B", "Cơ quan không có",
                     "Năm", ""]])
        outcome = import_indicator_file(self.coordinator, data, "bo-chi-tieu.csv")
        self.assertEqual(outcome.template, "registry")
        self.assertEqual((outcome.counts["created"], outcome.counts["updated"]), (1, 1))
        updated = Indicator.objects.get(framework="tt10", code="1.1")
        self.assertEqual((updated.name, updated.objective, updated.roadmap, updated.periodicity),
                         ("Cường độ phát thải khí nhà kính", 1, "A", Periodicity.BIENNIAL))
        self.assertEqual((updated.lead.code, updated.lead_as_written), ("bo-nnmt", "Bộ Tài nguyên và Môi trường"))
        created = Indicator.objects.get(framework="tt10", code="3.1")
        self.assertEqual((created.objective, created.lead, created.unit), (3, None, "%"))
        self.assertEqual([n.line for n in outcome.notices], [3])
        self.assertEqual(AuditEvent.objects.filter(action__in=["indicator.created", "indicator.updated"]).count(), 3)
        again = import_indicator_file(self.coordinator, data, "bo-chi-tieu.csv")
        self.assertEqual(again.counts["unchanged"], 2)

    def test_it_accepts_english_headers_in_xlsx(self):
        data = xlsx([["Code", "Name", "Unit", "Roadmap group", "Periodicity", "Direction", "English name"],
                     ["2.3", "Tỷ trọng năng lượng tái tạo", "%", "A", "annual", "higher", "Renewable share"]])
        outcome = import_indicator_file(SYSTEM, data, "set.xlsx")
        self.assertEqual(outcome.counts["created"], 1)
        self.assertEqual(Indicator.objects.get(code="2.3").name_en, "Renewable share")

    def test_every_bad_cell_is_named_and_nothing_is_written(self):
        data = xlsx([REGISTRY_HEADER,
                     [1, "1.1", "", "t", "", "A", "", "Năm", ""],
                     [2, "1.2", "Tổng phát thải", "tCO2e", "7", "C", "", "mỗi tuần", ""],
                     [3, "1.3", "Hợp lệ", "tCO2e", "", "", "", "", ""],
                     [4, "1.3", "Trùng", "tCO2e", "", "", "", "", ""]])
        with self.assertRaises(InputError) as caught:
            import_indicator_file(self.coordinator, data, "bo.xlsx")
        where = {(p.sheet, p.line, p.column.split(" ")[0]) for p in caught.exception.problems}
        self.assertEqual(where, {("Chỉ tiêu", 2, "C"), ("Chỉ tiêu", 3, "F"), ("Chỉ tiêu", 3, "H"),
                                 ("Chỉ tiêu", 3, "E"), ("Chỉ tiêu", 5, "B")})
        self.assertTrue(all(p.file == "bo.xlsx" for p in caught.exception.problems))
        self.assertFalse(Indicator.objects.exists())

    def test_a_missing_column_or_unknown_template_is_refused(self):
        with self.assertRaises(InputError) as caught:
            import_indicator_file(SYSTEM, csv([["Mã", "Tên chỉ tiêu"], ["1.1", "x"]]), "a.csv")
        self.assertIn("Đơn vị tính", str(caught.exception.problems[0]))
        with self.assertRaises(InputError):
            import_indicator_file(SYSTEM, csv([["Họ tên", "Ngày"], ["a", "b"]]), "b.csv")

    def test_only_the_coordinator_imports(self):
        data = csv([REGISTRY_HEADER, [1, "1.1", "x", "t", "", "", "", "", ""]])
        for persona in ("nnmt_reporter", "viewer", "anonymous"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                import_indicator_file(getattr(self, persona), data, "a.csv")
        self.assertFalse(Indicator.objects.exists())


class ObservationImportTest(RegistryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.forest = create_indicator(SYSTEM, framework="other", code="forest-area", name="Tổng diện tích rừng",
                                      unit="ha", minimum=0)
        cls.cover = create_indicator(SYSTEM, framework="other", code="forest-cover", name="Tỷ lệ che phủ rừng",
                                     unit="%", minimum=0, maximum=100)

    def test_it_records_values_converting_numbers_and_units_and_flags_jumps(self):
        record_observation(SYSTEM, self.forest, self.org("th-ubnd"), 2021, 640000, kind="estimate")
        data = xlsx([OBSERVATION_HEADER,
                     ["forest-cover", "th-ubnd", 2025, 54.09, "%", "ước tính", "baothanhhoa.vn"],
                     ["forest-area", "Ủy ban nhân dân tỉnh Thanh Hóa", 2022, "647.737,35", "", "thực hiện", "QĐ 790"],
                     ["forest-area", "th-ubnd", 2021, 639.5, "nghìn ha", "", ""],
                     ["forest-cover", "UBND tỉnh Thanh Hóa", 2022, "53,60", "", "", "QĐ 790"],
                     ["forest-area", "th-ubnd", 2023, 2000000, "ha", "", ""]], title="Số liệu")
        outcome = import_indicator_file(self.coordinator, data, "so-lieu.xlsx")
        self.assertEqual(outcome.template, "observations")
        self.assertEqual(outcome.counts, {"created": 5, "updated": 0, "unchanged": 0, "superseded": 1,
                                          "flagged": 1})
        area = Observation.objects.get(indicator=self.forest, year=2022)
        self.assertEqual((area.value, area.source, area.value_as_entered), (Decimal("647737.35"), "QĐ 790",
                                                                             "647.737,35"))
        actual_2021 = Observation.objects.get(indicator=self.forest, year=2021, superseded_by__isnull=True)
        self.assertEqual((actual_2021.value, actual_2021.kind), (Decimal("639500"), "actual"))
        self.assertEqual(Observation.objects.filter(indicator=self.forest, year=2021).count(), 2)
        self.assertEqual(Observation.objects.get(indicator=self.cover, year=2025).kind, "estimate")
        flagged = Observation.objects.get(flag=FlagState.FLAGGED)
        self.assertEqual((flagged.indicator, flagged.year), (self.forest, 2023))
        again = import_indicator_file(self.coordinator, data, "so-lieu.xlsx")
        self.assertEqual(again.counts["unchanged"], 5)
        self.assertEqual(Observation.objects.count(), 6)

    def test_a_cell_excel_shows_as_a_percentage_is_read_as_that_percentage(self):
        book = Workbook()
        sheet = book.active
        sheet.append(OBSERVATION_HEADER)
        sheet.append(["forest-cover", "th-ubnd", 2022, 0.536, "", "", "QĐ 790"])
        sheet["D2"].number_format = "0.0%"            # the officer sees "53,6 %"
        sheet.append(["forest-area", "th-ubnd", 2022, 0.5, "", "", ""])
        sheet["D3"].number_format = "0%"              # "50 %" in a column of hectares: refused, not guessed
        out = io.BytesIO()
        book.save(out)
        with self.assertRaises(InputError) as caught:
            import_indicator_file(self.coordinator, out.getvalue(), "so-lieu.xlsx")
        self.assertEqual([p.line for p in caught.exception.problems], [3])
        sheet.delete_rows(3)
        out = io.BytesIO()
        book.save(out)
        import_indicator_file(self.coordinator, out.getvalue(), "so-lieu.xlsx")
        self.assertEqual(Observation.objects.get(indicator=self.cover, year=2022).value, Decimal("53.6"))

    def test_every_problem_is_located_and_nothing_is_written(self):
        data = csv([OBSERVATION_HEADER,
                    ["forest-area", "th-ubnd", 2022, "647.737,35", "", "", ""],
                    ["no-such", "th-ubnd", 2022, "1", "", "", ""],
                    ["forest-area", "Nowhere", "năm ngoái", "nhiều", "", "chắc chắn", ""],
                    ["forest-cover", "th-ubnd", 2022, "53,6", "ha", "", ""],
                    ["forest-cover", "th-ubnd", 2023, "153", "", "", ""],
                    ["forest-area", "th-ubnd", 2022, "1", "", "", ""]])
        with self.assertRaises(InputError) as caught:
            import_indicator_file(self.coordinator, data, "so-lieu.csv")
        first_pass = {(p.line, p.column.split(" ")[0]) for p in caught.exception.problems}
        self.assertEqual(first_pass, {(3, "1"), (4, "2"), (4, "3"), (4, "4"), (4, "6"), (7, "3")})
        self.assertFalse(Observation.objects.exists())
        # once the cells read, the services' refusals (unit, range) are located too, and still nothing is written
        fixed = csv([OBSERVATION_HEADER,
                     ["forest-area", "th-ubnd", 2022, "647.737,35", "", "", ""],
                     ["forest-cover", "th-ubnd", 2022, "53,6", "ha", "", ""],
                     ["forest-cover", "th-ubnd", 2023, "153", "", "", ""]])
        with self.assertRaises(InputError) as caught:
            import_indicator_file(self.coordinator, fixed, "so-lieu.csv")
        self.assertEqual({(p.line, p.column.split(" ")[0]) for p in caught.exception.problems}, {(3, "5"), (4, "4")})
        self.assertIn("ha", str(caught.exception.problems[0]))
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="observation.recorded").exists())

    def test_a_second_actual_needs_the_replace_column(self):
        record_observation(SYSTEM, self.forest, self.org("th-ubnd"), 2022, 100)
        header = [*OBSERVATION_HEADER, "Thay thế"]
        with self.assertRaises(InputError) as caught:
            import_indicator_file(SYSTEM, csv([header, ["forest-area", "th-ubnd", 2022, "101", "", "", "", ""]]),
                                  "a.csv")
        self.assertEqual(caught.exception.problems[0].line, 2)
        outcome = import_indicator_file(SYSTEM, csv([header, ["forest-area", "th-ubnd", 2022, "101", "", "", "",
                                                              "có"]]), "a.csv")
        self.assertEqual(outcome.counts["superseded"], 1)
        self.assertEqual(Observation.objects.filter(indicator=self.forest, year=2022).count(), 2)
