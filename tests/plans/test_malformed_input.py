"""Use case: a malformed file gets a precise Vietnamese error naming where, and changes nothing."""

import io
import os
import zipfile

from django.utils import translation

from tests.personas import PlanTestCase, seed_bytes
from xanh.core.errors import InputError
from xanh.core.models import AuditEvent
from xanh.plans.models import Assignment, Plan, PlanVersion, Task
from xanh.plans.services import import_plan


class MalformedInputTest(PlanTestCase):
    def setUp(self):
        translation.activate("vi")
        self.addCleanup(translation.deactivate)
        self.before = self.counts()

    def counts(self):
        return (Plan.objects.count(), PlanVersion.objects.count(), Task.objects.count(), Assignment.objects.count(),
                AuditEvent.objects.count())

    def refused(self, data: bytes, name="ke-hoach.txt", **kwargs) -> InputError:
        with self.assertRaises(InputError) as caught:
            import_plan(self.coordinator, data, name, **kwargs)
        self.assertEqual(self.counts(), self.before, "a refused file must change nothing")
        return caught.exception

    def test_text_in_a_legacy_encoding_is_refused_naming_the_line(self):
        error = self.refused(seed_bytes().decode("utf-8").encode("utf-16-le"))
        self.assertIn("UTF", str(error))
        legacy = seed_bytes().decode("utf-8").replace("ỦY", "UY").encode("utf-8")
        legacy = legacy.replace("Tờ trình".encode(), b"T\xf4 tr\xecnh")
        error = self.refused(legacy)
        self.assertIn("không phải văn bản UTF-8", str(error))
        self.assertIn("dòng 25", str(error))

    def test_a_row_with_too_few_columns_is_refused_naming_its_line(self):
        following = "\n5\tXây dựng các chuyên trang"
        text = seed_bytes().decode("utf-8").replace(
            "\t2023 - 2030\tKế hoạch; chương trình; quyết định; báo cáo\t" + following, following, 1)
        lines = text.split("\n")
        broken = next(n for n, ln in enumerate(lines, 1) if ln.startswith("4\tThực hiện các giải pháp"))
        error = self.refused(text.encode())
        self.assertIn(f"dòng {broken}", str(error))
        self.assertIn("có 4 cột; bảng có 7 cột", str(error))

    def test_an_empty_table_is_refused(self):
        head, _sep, _rest = seed_bytes().decode("utf-8").partition("I\tTruyền thông")
        error = self.refused(head.encode())
        self.assertIn("Bảng nhiệm vụ không có dòng nào", str(error))

    def test_a_random_binary_is_refused(self):
        error = self.refused(os.urandom(3000) + b"\x00\x00", name="anh.jpg")
        self.assertIn("không phải là kế hoạch", str(error))

    def test_an_empty_file_is_refused(self):
        self.assertIn("trống", str(self.refused(b"")))

    def test_a_text_without_the_task_table_is_refused(self):
        error = self.refused("Quyết định số 1\tkhông có bảng\n".encode())
        self.assertIn("Không tìm thấy bảng nhiệm vụ", str(error))

    def test_a_task_number_given_twice_in_a_theme_is_refused_with_both_places(self):
        text = seed_bytes().decode("utf-8").replace("\n4\tThực hiện các giải pháp để tăng cường phối hợp",
                                                    "\n3\tThực hiện các giải pháp để tăng cường phối hợp", 1)
        error = self.refused(text.encode())
        self.assertIn("Nhiệm vụ I.3 xuất hiện hai lần", str(error))

    def test_a_task_before_any_theme_is_refused(self):
        theme_row = "I\tTruyền thông, giáo dục và nâng cao nhận thức\t\t\t\t\t\n"
        text = seed_bytes().decode("utf-8").replace(theme_row, "", 1)
        self.assertIn("trước mọi dòng chủ đề", str(self.refused(text.encode())))

    def test_an_unknown_value_in_the_number_column_is_refused_naming_it(self):
        text = seed_bytes().decode("utf-8").replace("\n5\tXây dựng các chuyên trang", "\nX5\tXây dựng các chuyên trang")
        error = self.refused(text.encode())
        self.assertIn("“X5” không phải mã chủ đề", str(error))

    def test_a_damaged_word_document_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<not-xml")
        self.assertIn("không mở được", str(self.refused(buffer.getvalue(), name="hong.docx")))

    def test_a_damaged_spreadsheet_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/workbook.xml", "<not-xml")
        self.assertIn("không mở được", str(self.refused(buffer.getvalue(), name="hong.xlsx")))

    def test_a_file_above_the_size_limit_is_refused(self):
        with self.settings(XANH_MAX_UPLOAD_BYTES=1000):
            self.assertIn("lớn hơn", str(self.refused(seed_bytes())))
