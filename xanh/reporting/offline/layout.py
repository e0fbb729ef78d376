"""The offline workbook's shape, shared by the export and the import: sheets, columns, vocabularies.

The import finds columns by their header (in Vietnamese or English, whatever the language the file
was downloaded in), so a file downloaded before a translation changed still reads back.
"""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from xanh.core.text import fold
from xanh.plans.enums import ProductKind
from xanh.reporting.enums import ImplementationStatus

REPORT_SHEET = "Báo cáo"
OUTPUT_SHEET = "Sản phẩm"
GUIDE_SHEET = "Hướng dẫn"
HEADER_ROW = 8          # where the export writes the header of the report sheet (the import searches for it)
HEADER_SEARCH_ROWS = 30
MAX_ROWS = 10_000       # per sheet: a body has a few hundred reports at most
BLANK_OUTPUT_ROWS = 200  # pre-formatted rows below the outputs, for new ones

UI_LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int
    editable: bool = False
    required: bool = False   # the import refuses a sheet without it


REPORT_COLUMNS = [
    Column("id", _("Report ID (do not change)"), 12, required=True),
    Column("task", _("Task"), 9),
    Column("text", _("Task content"), 60),
    Column("time_frame", _("Time frame"), 12),
    Column("products", _("Expected products"), 24),
    Column("state", _("State"), 18),
    Column("status", _("Implementation status"), 26, editable=True, required=True),
    Column("progress", _("Progress (%)"), 10, editable=True, required=True),
    Column("results", _("Results"), 50, editable=True, required=True),
    Column("difficulties", _("Difficulties"), 30, editable=True, required=True),
    Column("proposals", _("Proposals"), 30, editable=True, required=True),
    Column("budget_used", _("Budget used (VND)"), 18, editable=True, required=True),
    Column("is_estimate", _("Estimated figures"), 12, editable=True, required=True),
]

OUTPUT_COLUMNS = [
    Column("report", _("Report ID"), 11),
    Column("task", _("Task"), 9, editable=True),
    Column("kind", _("Kind of document"), 24, editable=True, required=True),
    Column("number", _("Number"), 16, editable=True, required=True),
    Column("date", _("Date"), 12, editable=True, required=True),
    Column("issuer", _("Issued by"), 28, editable=True, required=True),
    Column("title", _("Title or summary"), 50, editable=True, required=True),
    Column("url", _("Public link"), 30, editable=True),
    Column("file", _("Attached file (kept)"), 24),
]
OUTPUT_CONTENT = ("kind", "number", "date", "issuer", "title", "url")

YES = _("Yes")
NO = _("No")

NUMBER_MAX = 60
ISSUER_MAX = 200

_ID = re.compile(r"^\s*(\d{1,18})\s*:\s*(\d{1,9})\s*$")


def column_index(columns: list[Column], key: str) -> int:
    """1-based position of a column as the export writes it."""
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def report_id(report) -> str:
    """The hidden cell that ties a row to a report and the version it was downloaded at."""
    return f"{report.pk}:{report.version}"


def parse_report_id(value) -> tuple[int, int] | None:
    match = _ID.match(str(value))
    return (int(match[1]), int(match[2])) if match else None


def spellings(label) -> set[str]:
    """The folded forms of a label in every UI language and as written in the code."""
    forms = set()
    for language in (*UI_LANGUAGES, None):
        with translation.override(language):
            forms.add(fold(str(label)))
    forms.discard("")
    return forms


def header_spellings(columns: list[Column]) -> dict[str, str]:
    """Folded header → column key."""
    return {form: column.key for column in columns for form in spellings(column.label)}


def vocabulary(choices) -> dict[str, str]:
    """Folded code or label (in any UI language) → code, for a TextChoices enum."""
    lookup = {}
    for value, label in zip(choices.values, choices.labels, strict=True):
        lookup.setdefault(fold(value), value)
        for form in spellings(label):
            lookup.setdefault(form, value)
    return lookup


def status_vocabulary() -> dict[str, str]:
    return vocabulary(ImplementationStatus)


def kind_vocabulary() -> dict[str, str]:
    return vocabulary(ProductKind)


def clean_text(value) -> str:
    """Text as a cell can hold it and as it compares: no control characters, "\\n" line ends, trimmed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()
