"""Use case: the report as PDF, made by LibreOffice from the DOCX; and a clear refusal without LibreOffice.

The PDF is rasterised with poppler (`pdftoppm`) and its text extracted (`pdftotext`): the pages exist,
the first is not blank, and the Vietnamese text survived with its diacritics. XANH_SKIP_PDF=1 skips
the conversion on a machine without LibreOffice (scripts/test.sh sets it and says so); in CI
(CI=true) it never skips.
"""

import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from django.test import override_settings

from tests.documents.reports import ReportsTestCase
from xanh.core.errors import ServiceError
from xanh.documents import pdf
from xanh.documents.builders import build

SKIP = bool(os.environ.get("XANH_SKIP_PDF")) and os.environ.get("CI") != "true"
SUBJECT = "Tình hình thực hiện Kế hoạch hành động tăng trưởng xanh tỉnh Thanh Hóa năm 2026"


def ink(pgm: bytes) -> float:
    """The share of dark pixels in a binary PGM (P5) image."""
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace (no comments from poppler)
        while pgm[position:position + 1].isspace():
            position += 1
        end = position
        while not pgm[end:end + 1].isspace():
            end += 1
        fields.append(pgm[position:end])
        position = end
    pixels = pgm[position + 1:]
    width, height = int(fields[1]), int(fields[2])
    assert fields[0] == b"P5" and len(pixels) == width * height, fields
    return sum(1 for value in pixels if value < 128) / len(pixels)


@unittest.skipIf(SKIP, "XANH_SKIP_PDF is set: LibreOffice is not installed here")
class PdfReportTest(ReportsTestCase):
    def test_the_pdf_has_pages_with_the_vietnamese_text_intact(self):
        built = build(self.coordinator, self.cycle, "annual", "pdf")
        self.assertEqual((built.name, built.content_type), ("bao-cao-tang-truong-xanh-2026.pdf", "application/pdf"))
        self.assertTrue(built.data.startswith(b"%PDF"))
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            (work / "report.pdf").write_bytes(built.data)
            subprocess.run(["pdftoppm", "-png", "-r", "50", "report.pdf", "page"], cwd=work, check=True, timeout=120)
            pages = sorted(work.glob("page-*.png"))
            self.assertGreaterEqual(len(pages), 3)
            self.assertTrue(all(page.read_bytes().startswith(b"\x89PNG") for page in pages))
            subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", "report.pdf", "first"], cwd=work,
                           check=True, timeout=120)
            first = next(work.glob("first-*.pgm")).read_bytes()
            self.assertGreater(ink(first), 0.005)   # text on page 1, not a blank page
            text = subprocess.run(["pdftotext", "-layout", "report.pdf", "-"], cwd=work, check=True, timeout=120,
                                  capture_output=True).stdout.decode("utf-8")
        flat = " ".join(text.split())
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", flat)
        self.assertIn("Độc lập - Tự do - Hạnh phúc", flat)
        self.assertIn("BÁO CÁO", flat)
        self.assertIn(SUBJECT, flat)
        self.assertIn("Thanh Hóa", flat)
        self.assertIn("Nơi nhận", flat)
        self.assertIn("PHỤ LỤC", flat)


class PdfWithoutLibreOfficeTest(ReportsTestCase):
    @override_settings(XANH_SOFFICE="/nonexistent/soffice")
    def test_without_libreoffice_pdf_is_refused_with_a_clear_message(self):
        self.assertFalse(pdf.is_available())
        with self.assertRaises(ServiceError) as caught:
            build(self.coordinator, self.cycle, "annual", "pdf")
        self.assertIn("XANH_SOFFICE", str(caught.exception.message))   # the translation keeps the name
        self.assertEqual(caught.exception.field, "format")
        self.assertTrue(build(self.coordinator, self.cycle, "annual", "docx").data)

    @override_settings(XANH_SOFFICE="/bin/false")
    def test_a_failed_conversion_is_a_clear_error_too(self):
        self.assertTrue(pdf.is_available())
        with self.assertRaises(ServiceError) as caught:
            pdf.docx_to_pdf(b"PK not really a document")
        self.assertEqual(caught.exception.field, "format")
