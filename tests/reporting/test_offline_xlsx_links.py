"""The offline workbook carries each output's public link both ways, and refuses one that is not a web address."""

from tests.reporting.offline import BODY, OfflineTestCase, letter
from xanh.plans.enums import ProductKind
from xanh.reporting.offline.layout import OUTPUT_COLUMNS, OUTPUT_SHEET
from xanh.reporting.services import OutputInput, save_report

LINK = "https://vbpl.thanhhoa.gov.vn/45-kh-snnmt"


class OfflineLinkTests(OfflineTestCase):
    def setUp(self):
        report = self.report("I.1", BODY)
        self.report_ = save_report(self.nnmt_reporter, report, report.version, {"status": "on_track"}, outputs=[
            OutputInput(kind=ProductKind.PLAN, number="45/KH-SNNMT", title="Kế hoạch", url=LINK)])

    def test_an_unchanged_round_trip_keeps_the_link(self):
        book = self.download()
        self.assertEqual(book[OUTPUT_SHEET][f"{letter(OUTPUT_COLUMNS, 'url')}2"].value, LINK)
        book[OUTPUT_SHEET][f"{letter(OUTPUT_COLUMNS, 'issuer')}2"] = "UBND tỉnh"
        self.assertEqual(self.upload(book).status_code, 302)
        output = self.fresh(self.report_).outputs.get()
        self.assertEqual((output.url, output.issuer), (LINK, "UBND tỉnh"))

    def test_a_link_that_is_not_a_web_address_is_refused_with_its_cell_and_nothing_changes(self):
        book = self.download()
        book[OUTPUT_SHEET][f"{letter(OUTPUT_COLUMNS, 'url')}2"] = "javascript:alert(1)"
        response = self.upload(book)
        self.assertEqual(response.status_code, 400)
        [problem] = response.context["problems"]
        self.assertEqual((problem.sheet, problem.line), (OUTPUT_SHEET, 2))
        self.assertTrue(problem.column.startswith(letter(OUTPUT_COLUMNS, "url") + " "), problem.column)
        report = self.fresh(self.report_)
        self.assertEqual((report.version, report.outputs.get().url), (self.report_.version, LINK))
