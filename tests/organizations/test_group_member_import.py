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
