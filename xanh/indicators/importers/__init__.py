"""Importing indicator spreadsheets (XLSX, or CSV saved from Excel): the template is told by the headers.

- the registry template (code, name, unit, …) creates or updates indicators by framework and code;
- the observations template (indicator code, area, year, value, …) records values.
Every row is read and checked first; then everything is written in one transaction through the
services, and any refusal there undoes the whole file. Every problem names the file, sheet, row and
column and what was expected. See docs/import-template.md.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, Problem
from xanh.core.services import require_coordinator
from xanh.core.spreadsheets import Row, Table, read_table, sniff

REGISTRY, OBSERVATIONS = "registry", "observations"

REGISTRY_COLUMNS = {
    "code": ["Mã", "Mã chỉ tiêu", "Code"],
    "name": ["Tên chỉ tiêu", "Tên", "Name"],
    "unit": ["Đơn vị tính", "Đơn vị", "Unit"],
    "objective": ["Mục tiêu", "Objective"],
    "roadmap": ["Nhóm lộ trình", "Lộ trình", "Roadmap group", "Roadmap"],
    "lead": ["Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan chịu trách nhiệm", "Lead agency", "Lead"],
    "periodicity": ["Kỳ công bố", "Định kỳ", "Periodicity"],
    "disaggregation": ["Phân tổ chủ yếu", "Phân tổ", "Disaggregation"],
    "name_en": ["Tên tiếng Anh", "English name", "Name (English)"],
    "direction": ["Chiều", "Xu hướng tốt", "Direction"],
    "national_code": ["Mã chỉ tiêu thống kê quốc gia", "Mã số quốc gia", "National code"],
    "source": ["Nguồn", "Source"],
    "framework": ["Bộ chỉ tiêu", "Framework"],
    "is_public": ["Công bố", "Công khai", "Published"],
    "themes": ["Chủ đề", "Chủ đề của Kế hoạch", "Themes"],
    "tasks": ["Nhiệm vụ", "Nhiệm vụ của Kế hoạch", "Tasks"],
}
OBSERVATION_COLUMNS = {
    "indicator": ["Mã chỉ tiêu", "Chỉ tiêu", "Indicator code", "Indicator"],
    "framework": ["Bộ chỉ tiêu", "Framework"],
    "area": ["Địa bàn", "Khu vực", "Area"],
    "year": ["Năm", "Year"],
    "value": ["Giá trị", "Số liệu", "Value"],
    "unit": ["Đơn vị tính", "Đơn vị", "Unit"],
    "kind": ["Thực hiện/Ước tính", "Loại số liệu", "Actual/estimate", "Kind"],
    "source": ["Nguồn", "Nguồn số liệu", "Source"],
    "replace": ["Thay thế", "Replace"],
}
REQUIRED = {REGISTRY: {"code", "name", "unit"}, OBSERVATIONS: {"indicator", "area", "year", "value"}}


@dataclass
class ImportOutcome:
    template: str
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    superseded: list = field(default_factory=list)   # observations that replaced a current one
    flagged: list = field(default_factory=list)      # observations saved with an implausible jump
    notices: list = field(default_factory=list)      # Problems that did not stop the import

    @property
    def counts(self) -> dict:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged),
                "superseded": len(self.superseded), "flagged": len(self.flagged)}


@dataclass
class Sheet:
    """The rows of a template, with the cells as typed in XLSX (numbers stay numbers) or as CSV text."""

    table: Table
    typed: dict[int, tuple] | None = None

    def raw(self, row: Row, key: str):
        index = self.table.columns.get(key)
        if index is None:
            return None
        if self.typed is not None:
            cells = self.typed.get(row.line, ())
            return cells[index] if index < len(cells) else None
        return row.cells.get(key, "")

    def problem(self, message, row: Row | None = None, key: str = "") -> Problem:
        return self.table.problem(message, row, key if key in self.table.columns else "")


def detect(data: bytes, name: str) -> str:
    probe = read_table(data, name, OBSERVATION_COLUMNS, required=set())
    if {"indicator", "year", "value"} <= set(probe.columns):
        return OBSERVATIONS
    probe = read_table(data, name, REGISTRY_COLUMNS, required=set())
    if {"code", "name"} <= set(probe.columns):
        return REGISTRY
    raise InputError([Problem(_("This is neither the indicator registry template (columns “Mã”, “Tên chỉ tiêu”, "
                                "“Đơn vị tính”, …) nor the observations template (columns “Mã chỉ tiêu”, “Địa "
                                "bàn”, “Năm”, “Giá trị”, …): see the import templates in the documentation."),
                              file=name, sheet=probe.sheet)])


def read_sheet(data: bytes, name: str, template: str) -> Sheet:
    columns = REGISTRY_COLUMNS if template == REGISTRY else OBSERVATION_COLUMNS
    table = read_table(data, name, columns, required=REQUIRED[template])
    typed = _typed_cells(data) if table.sheet else None
    return Sheet(table, typed)


class PercentValue(Decimal):
    """A number from a cell Excel shows as a percentage: "53,8 %" is stored as 0.538 and meant as 53.8 %."""


def _typed_cells(data: bytes) -> dict[int, tuple]:
    """The first sheet's cells by line, as read_table read them but without turning numbers into text."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {line: tuple(_typed(cell) for cell in row)
                for line, row in enumerate(book.worksheets[0].iter_rows(), start=1)}
    finally:
        book.close()


def _typed(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return PercentValue(Decimal(str(value)) * 100)
    return value


def import_indicator_file(actor, data: bytes, name: str) -> ImportOutcome:
    """Import a registry or observations spreadsheet; InputError lists every problem, nothing written."""
    require_coordinator(actor)
    if not data:
        raise InputError([Problem(_("The file is empty."), file=name)])
    limit = settings.XANH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise InputError([Problem(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                                  file=name)])
    if sniff(data) == "docx":
        raise InputError([Problem(_("This is a Word document; upload the spreadsheet (XLSX or CSV)."), file=name)])
    template = detect(data, name)
    sheet = read_sheet(data, name, template)
    if template == REGISTRY:
        from xanh.indicators.importers.registry import import_registry

        return import_registry(actor, sheet)
    from xanh.indicators.importers.observations import import_observations

    return import_observations(actor, sheet)
