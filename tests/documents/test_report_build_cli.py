"""Use case: an operator builds the provincial report from the command line with `xanh report build`."""

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

import docx
from django.test import override_settings
from openpyxl import load_workbook

from tests.documents.reports import ReportsTestCase
from xanh.cli import main


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


class ReportBuildCommandTest(ReportsTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="xanh-report-cli-"))
        self.addCleanup(shutil.rmtree, self.folder)

    def test_it_writes_the_annual_docx_and_prints_the_figures(self):
        target = self.folder / "bc.docx"
        code, out, err = run("report", "build", "--cycle", self.cycle.pk, "--format", "docx", "-o", target)
        self.assertEqual((code, err), (0, ""))
        document = docx.Document(str(target))
        self.assertIn("BÁO CÁO", [p.text for p in document.paragraphs])
        counts = self.db_counts()
        self.assertIn(str(target), out)
        numbers = re.findall(r"\d+", out.splitlines()[1])
        self.assertEqual(numbers[0], str(counts["total"]))
        for value in (counts["behind"], counts["not_started"], counts["no_report"]):
            self.assertIn(str(value), numbers)

    def test_the_kind_defaults_to_the_cycles_and_can_be_a_review_as_a_workbook(self):
        target = self.folder / "review.xlsx"
        code, _out, err = run("report", "build", "--cycle", self.cycle.pk, "--kind", "midterm", "--format", "xlsx",
                              "-o", target)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("Theo năm", load_workbook(target).sheetnames)

    def test_an_unknown_cycle_is_an_error(self):
        code, out, err = run("report", "build", "--cycle", 999999, "-o", self.folder / "x.docx")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("999999", err)
        self.assertFalse((self.folder / "x.docx").exists())

    @override_settings(XANH_SOFFICE="/nonexistent/soffice")
    def test_pdf_without_libreoffice_is_an_error_and_writes_nothing(self):
        code, _out, err = run("report", "build", "--cycle", self.cycle.pk, "--format", "pdf",
                              "-o", self.folder / "x.pdf")
        self.assertEqual(code, 1)
        self.assertIn("XANH_SOFFICE", err)
        self.assertFalse((self.folder / "x.pdf").exists())
