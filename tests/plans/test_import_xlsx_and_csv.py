"""Use case: the plan travels as the XLSX/CSV template — exported, edited in Excel, imported."""

import io

from openpyxl import Workbook, load_workbook

from tests.personas import PlanTestCase
from xanh.core.errors import InputError
from xanh.plans.exports import TABLE_HEADERS, plan_csv, plan_xlsx, template_xlsx
from xanh.plans.models import Plan, Task
from xanh.plans.services import import_plan


class TemplateRoundTripTest(PlanTestCase):
    def test_the_exported_xlsx_imports_back_as_the_same_plan_with_nothing_changed(self):
        outcome = import_plan(self.coordinator, plan_xlsx(self.plan), "ke-hoach.xlsx")
        self.assertTrue(outcome.unchanged, outcome.changes)

    def test_the_exported_csv_imports_back_as_the_same_plan_with_nothing_changed(self):
        outcome = import_plan(self.coordinator, plan_csv(self.plan), "ke-hoach.csv")
        self.assertTrue(outcome.unchanged, outcome.changes)

    def test_an_edit_made_in_excel_becomes_a_new_version(self):
        book = load_workbook(io.BytesIO(plan_xlsx(self.plan)))
        sheet = book["Phụ lục"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "1" and str(row[1].value).startswith("Tích cực truyền thông"):
                row[4].value = "2024 - 2030"
        buffer = io.BytesIO()
        book.save(buffer)
        outcome = import_plan(self.coordinator, buffer.getvalue(), "ke-hoach.xlsx")
        self.assertEqual([(c["ref"], c["field"], c["after"]) for c in outcome.changes],
                         [("I.1", "time_frame", "2024 - 2030")])

    def test_text_that_looks_like_a_formula_stays_text_in_exports_and_comes_back_unchanged(self):
        from xanh.plans.models import Task

        Task.objects.filter(pk=self.task("I.3").pk).update(note="=HYPERLINK(\"http://x\")")
        book = load_workbook(io.BytesIO(plan_xlsx(self.plan)))
        notes = [row[6] for row in book["Phụ lục"].iter_rows(min_row=2) if row[6].value]
        self.assertEqual([(c.value, c.data_type) for c in notes], [("=HYPERLINK(\"http://x\")", "s")])
        csv_text = plan_csv(self.plan).decode("utf-8-sig")
        self.assertIn("\"'=HYPERLINK(\"\"http://x\"\")\"", csv_text)
        self.assertIn("\"'- Triển khai các Chương trình truyền thông", csv_text)
        self.assertTrue(import_plan(self.coordinator, plan_csv(self.plan), "lai.csv").unchanged)

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self):
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<x/>")
            archive.writestr("xl/sharedStrings.xml", b"0" * (210 * 1024 * 1024))
        with self.assertRaises(InputError) as caught:
            import_plan(self.coordinator, buffer.getvalue(), "bom.xlsx")
        self.assertIn("MB", str(caught.exception))

    def test_the_empty_template_filled_in_gives_a_new_plan(self):
        book = load_workbook(io.BytesIO(template_xlsx()))
        meta = book["Kế hoạch"]
        values = {"Số quyết định": "77/KH-UBND", "Ngày ban hành": "05/03/2024",
                  "Cơ quan ban hành": "Ủy ban nhân dân tỉnh Thanh Hóa",
                  "Tên kế hoạch": "Kế hoạch thực hiện tăng trưởng xanh năm 2024", "Giai đoạn": "2024 - 2025"}
        for row in meta.iter_rows():
            if row[0].value in values:
                row[1].value = values[row[0].value]
        table = book["Phụ lục"]
        table.append(["I", "Truyền thông", "", "", "", "", ""])
        table.append(["1", "Tổ chức Tuần lễ xanh.", "Sở Văn hóa, Thể thao và Du lịch", "Các đơn vị liên quan",
                      "Năm 2024", "Kế hoạch; báo cáo", ""])
        table.append(["2", "Xây dựng chuyên mục.", "Đài Phát thanh và Truyền hình", "", "2024 - 2025", "Chuyên mục",
                      ""])
        buffer = io.BytesIO()
        book.save(buffer)
        outcome = import_plan(self.coordinator, buffer.getvalue(), "mau.xlsx")
        self.assertTrue(outcome.created)
        plan = outcome.plan
        self.assertEqual((plan.number, plan.date.isoformat(), plan.period_start), ("77/KH-UBND", "2024-03-05", 2024))
        self.assertEqual(list(Task.objects.filter(plan=plan).values_list("ref", flat=True)), ["I.1", "I.2"])
        self.assertEqual(plan.tasks.get(ref="I.2").assignments.get().organization.code, "th-dptth")

    def test_a_bare_csv_table_needs_the_particulars_from_the_form_or_the_command(self):
        csv_text = ",".join(f'"{h}"' for h in TABLE_HEADERS) + (
            "\nI,Truyền thông,,,,,\n1,Tổ chức Tuần lễ xanh.,Sở Y tế,,Năm 2024,Báo cáo,\n")
        with self.assertRaises(InputError) as refused:
            import_plan(self.coordinator, csv_text.encode(), "bang.csv")
        self.assertIn("số quyết định", str(refused.exception))
        outcome = import_plan(self.coordinator, csv_text.encode(), "bang.csv", overrides={
            "number": "12/KH-UBND", "date": self.plan.date, "issuer": "UBND tỉnh Thanh Hóa", "title": "Kế hoạch nhỏ"})
        self.assertTrue(outcome.created)
        self.assertEqual(outcome.plan.tasks.get().assignments.get().organization.code, "th-syt")

    def test_a_comma_csv_whose_cells_list_bodies_with_semicolons_is_read_with_commas(self):
        rows = ["Số quyết định,15/KH-UBND", "Ngày ban hành,01/02/2024", "Cơ quan ban hành,UBND tỉnh Thanh Hóa",
                "Tên kế hoạch,Kế hoạch có chấm phẩy", "", "STT,Nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Sản phẩm",
                "I,Truyền thông,,,"]
        rows += [f"{n},Việc {n}.,Sở Y tế; Sở Xây dựng,Sở Nội vụ; Sở Tư pháp; Sở Tài chính,Kế hoạch; báo cáo; công văn"
                 for n in range(1, 6)]
        outcome = import_plan(self.coordinator, "\n".join(rows).encode(), "phay.csv")
        self.assertEqual(outcome.plan.tasks.count(), 5)
        self.assertEqual(outcome.plan.tasks.get(ref="I.1").assignments.count(), 5)

    def test_a_semicolon_separated_csv_from_excel_is_read_too(self):
        rows = ["Số quyết định;13/KH-UBND", "Ngày ban hành;01/02/2024", "Cơ quan ban hành;UBND tỉnh Thanh Hóa",
                "Tên kế hoạch;Kế hoạch chấm phẩy", "", ";".join(TABLE_HEADERS), "I;Truyền thông;;;;;",
                "1;Việc một.;Sở Y tế;;Năm 2024;Báo cáo;"]
        outcome = import_plan(self.coordinator, "\r\n".join(rows).encode("utf-8-sig"), "excel.csv")
        self.assertEqual(Plan.objects.get(pk=outcome.plan.pk).number, "13/KH-UBND")

    def test_any_sheet_with_the_appendix_header_is_found(self):
        book = Workbook()
        book.active.title = "Ghi chép"
        book.active.append(["Bảng này không phải kế hoạch"])
        sheet = book.create_sheet("Danh mục")
        sheet.append(["Nhiệm vụ", "STT", "Đơn vị chủ trì"])
        sheet.append(["Truyền thông", "I", ""])
        sheet.append(["Việc một.", "1", "Sở Y tế"])
        buffer = io.BytesIO()
        book.save(buffer)
        outcome = import_plan(self.coordinator, buffer.getvalue(), "khac.xlsx", overrides={
            "number": "14/KH-UBND", "date": self.plan.date, "issuer": "UBND tỉnh Thanh Hóa", "title": "Kế hoạch XLSX"})
        self.assertEqual(outcome.plan.tasks.get().text, "Việc một.")
