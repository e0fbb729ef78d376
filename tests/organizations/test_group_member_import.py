"""Use case: the coordinator imports the list of communes into a group from a spreadsheet."""

import io
from datetime import date

from openpyxl import Workbook

from tests.personas import RegistryTestCase
from xanh.core.errors import InputError
from xanh.organizations.models import GroupMember, Organization
from xanh.organizations.services import create_group, import_group_members


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class GroupMemberImportTest(RegistryTestCase):
    def setUp(self):
        self.group = create_group(self.coordinator, code="th-hoi", name="Các hội nghề nghiệp",
                                  scope=self.org("th-ubnd"))

    def test_rows_become_bodies_and_members_in_any_column_order(self):
        data = xlsx([["Loại", "Tên", "Hiệu lực từ", "Mã"],
                     ["other", "Hội Nông dân tỉnh", "01/01/2020", "th-hnd"],
                     ["other", "Hiệp hội Doanh nghiệp tỉnh Thanh Hóa", "01/01/2020", "th-hhdn"]])
        result = import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        self.assertEqual((result["created"], result["added"], result["unchanged"]), (1, 2, 0))
        self.assertEqual(Organization.objects.get(code="th-hnd").province.code, "th-ubnd")
        self.assertEqual(GroupMember.objects.get(group=self.group, organization__code="th-hnd").valid_from,
                         date(2020, 1, 1))
        again = import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        self.assertEqual((again["created"], again["added"], again["unchanged"]), (0, 0, 2))

    def test_one_bad_row_refuses_the_file_naming_sheet_row_and_column(self):
        data = xlsx([["Tên", "Loại", "Hiệu lực từ"],
                     ["Hội A", "other", "01/01/2020"],
                     ["Hội B", "hội quần chúng", "01/01/2020"],
                     ["Hội C", "other", "32/13/2020"],
                     ["", "other", ""]])
        with self.assertRaises(InputError) as caught:
            import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        problems = caught.exception.problems
        self.assertEqual([(p.line, p.column.split(" ")[0]) for p in problems], [(3, "B"), (4, "C"), (5, "A")])
        self.assertEqual(problems[0].sheet, "Sheet")
        self.assertFalse(Organization.objects.filter(name__startswith="Hội ").exists())
        self.assertFalse(GroupMember.objects.filter(group=self.group).exists())

    def test_a_code_that_belongs_to_another_body_is_refused(self):
        data = "Mã,Tên,Loại\nth-syt,Hội Y học,other\n".encode()
        with self.assertRaises(InputError) as caught:
            import_group_members(self.coordinator, self.group, data, "hoi.csv")
        self.assertEqual(caught.exception.problems[0].line, 2)

    def test_a_file_without_the_name_column_is_refused(self):
        with self.assertRaises(InputError):
            import_group_members(self.coordinator, self.group, "Mã,Loại\nx,other\n".encode(), "hoi.csv")


class MemberImportSafetyTest(RegistryTestCase):
    def setUp(self):
        self.group = create_group(self.coordinator, code="th-hoi2", name="Các hội", scope=self.org("th-ubnd"))

    def test_the_same_file_with_end_dates_imports_twice_without_duplicates(self):
        data = xlsx([["Mã", "Tên", "Loại", "Hiệu lực từ", "Hiệu lực đến"],
                     ["th-hoi-a", "Hội A", "other", "01/01/2020", "01/01/2024"]])
        import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        again = import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        self.assertEqual(again["unchanged"], 1)
        self.assertEqual(GroupMember.objects.filter(group=self.group).count(), 1)

    def test_an_unusable_code_is_a_problem_of_its_row(self):
        data = xlsx([["Mã", "Tên", "Loại"], ["new", "Hội B", "other"], ["có dấu", "Hội C", "other"]])
        with self.assertRaises(InputError) as caught:
            import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        self.assertEqual([p.line for p in caught.exception.problems], [2, 3])

    def test_kinds_are_understood_in_vietnamese_and_english_whatever_the_language(self):
        from django.utils import translation

        data = xlsx([["Tên", "Loại"], ["Hội D", "Tổ chức chính trị - xã hội"], ["Hội E", "Mass organisation"],
                     ["Xã F", "xã"]])
        with translation.override("en"):
            result = import_group_members(self.coordinator, self.group, data, "hoi.xlsx")
        self.assertEqual(result["created"], 3)
        self.assertEqual(set(Organization.objects.filter(name__in=["Hội D", "Hội E"]).values_list("kind", flat=True)),
                         {"mass_org"})
