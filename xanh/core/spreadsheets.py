"""Reading tables that officers fill in Excel: XLSX, or CSV saved from Excel.

Columns are found by their header names (in any order, case and diacritics ignored), the
file type is sniffed from its bytes, not its name, and every defect is reported with the
sheet, line and column where it is.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from xanh.core.errors import InputError, Problem
from xanh.core.text import fold

XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    raw: list[str] = field(default_factory=list)


@dataclass
class Table:
    file: str
    sheet: str
    columns: dict[str, int]          # field -> 0-based column index
    headers: list[str]
    rows: list[Row]
    ignored_columns: list[str] = field(default_factory=list)

    def column_label(self, name: str) -> str:
        index = self.columns.get(name)
        if index is None:
            return name
        return f"{column_letter(index) if self.sheet else index + 1} ({self.headers[index]})"

    def problem(self, message, row: Row | None = None, column: str = "") -> Problem:
        return Problem(message, file=self.file, sheet=self.sheet, line=row.line if row else None,
                       column=self.column_label(column) if column else "")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def sniff(data: bytes) -> str:
    """'xlsx', 'docx', 'text', or 'binary' from the file's first bytes; 'oversized' for an
    office file that would unpack to more than MAX_UNZIPPED_BYTES (a zip bomb)."""
    if data.startswith(XLSX_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                return "oversized"
        except zipfile.BadZipFile:
            return "binary"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "binary"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def decode_text(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused precisely."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError([Problem(_("The file says it is UTF-16 but is not."), file=file)]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([
            Problem(
                _("This is not UTF-8 text (byte 0x%(byte)02X). Save the file as “UTF-8” "
                  "(in Excel: CSV UTF-8; in Word: Plain Text, Unicode UTF-8).") % {"byte": data[exc.start]},
                file=file, line=line,
            )
        ]) from exc


def match_headers(headers: list[str], columns: dict[str, list[str]]) -> tuple[dict[str, int], list[str]]:
    """Map fields to column indexes by header name; unknown headers are returned separately.

    An exact label wins over a prefix ("Tên ngắn" is not "Tên"), and the longest prefix wins
    ("Đơn vị chủ trì (ghi theo quyết định)" is "Đơn vị chủ trì")."""
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        key = fold(header)
        if not key:
            continue
        best, best_len = None, -1
        for name, labels in columns.items():
            if name in found:
                continue
            for label in map(fold, labels):
                if key == label:
                    score = 10_000
                elif key.startswith(label + " "):
                    score = len(label)
                else:
                    continue
                if score > best_len:
                    best, best_len = name, score
        if best is None:
            ignored.append(header)
        else:
            found[best] = index
    return found, ignored


def read_table(data: bytes, file: str, columns: dict[str, list[str]], required: set[str],
               sheet: str | None = None, max_rows: int = 20000) -> Table:
    kind = sniff(data)
    if kind == "oversized":
        raise InputError([Problem(_("The file unpacks to more than %(mb)d MB; it is refused.") % {
            "mb": MAX_UNZIPPED_BYTES // (1024 * 1024)}, file=file)])
    if kind == "xlsx":
        return _read_xlsx(data, file, columns, required, sheet, max_rows)
    if kind != "text":
        raise InputError([Problem(_("This is neither a spreadsheet (XLSX) nor a CSV text file."), file=file)])
    return _read_csv(decode_text(data, file), file, columns, required, max_rows)


def _table(file, sheet, raw_rows: list[tuple[int, list[str]]], columns, required, max_rows) -> Table:
    raw_rows = [(n, cells) for n, cells in raw_rows if any(c.strip() for c in cells)]
    if not raw_rows:
        raise InputError([Problem(_("The table is empty: no header row and no data."), file=file, sheet=sheet)])
    header_line, headers = raw_rows[0]
    mapping, ignored = match_headers(headers, columns)
    missing = [name for name in columns if name in required and name not in mapping]
    if missing:
        expected = ", ".join(f"“{columns[name][0]}”" for name in missing)
        raise InputError([Problem(_("Missing column(s) %(columns)s in the header row.") % {"columns": expected},
                                  file=file, sheet=sheet, line=header_line)])
    if len(raw_rows) - 1 > max_rows:
        raise InputError([Problem(_("Too many rows (more than %(max)d).") % {"max": max_rows}, file=file, sheet=sheet)])
    rows = []
    for line, cells in raw_rows[1:]:
        values = {name: (cells[index].strip() if index < len(cells) else "") for name, index in mapping.items()}
        rows.append(Row(line, values, cells))
    return Table(file, sheet, mapping, headers, rows, ignored)


def guess_delimiter(text: str) -> str:
    """"," as Excel writes CSV in English, ";" as it does under Vietnamese regional settings.

    The delimiter is the one that cuts the most records into the same number of cells (2 or
    more) — not the most frequent character: cells often hold lists separated by ";"."""
    sample = "\n".join(text.splitlines()[:60])
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        multi = [w for w in widths if w >= 2]
        if not multi:
            continue
        common = max(set(multi), key=multi.count)
        score = multi.count(common) * 100 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def unguard(cell: str) -> str:
    """Drop the apostrophe Excel users (and our CSV export) put before = + - @ to keep text."""
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r" else cell


def csv_rows(text: str, file: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each CSV record; quoted cells may hold newlines."""
    reader = csv.reader(io.StringIO(text), delimiter=guess_delimiter(text))
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, [unguard(c) for c in cells]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError([Problem(_("Unreadable CSV: %(error)s") % {"error": exc}, file=file,
                                  line=reader.line_num)]) from exc
    return rows


def _read_csv(text: str, file, columns, required, max_rows) -> Table:
    return _table(file, "", csv_rows(text, file), columns, required, max_rows)


def _read_xlsx(data: bytes, file, columns, required, sheet, max_rows) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise InputError([Problem(_("The spreadsheet cannot be opened (damaged or not XLSX)."), file=file)]) from exc
    try:
        if sheet is not None and sheet in book.sheetnames:
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        raw = []
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if n > max_rows + 50:
                break
            raw.append((n, [cell_text(v) for v in values]))
        return _table(file, ws.title, raw, columns, required, max_rows)
    finally:
        book.close()


def cell_text(value) -> str:
    """A spreadsheet cell as officers see it: dates dd/mm/yyyy, 12.0 as 12."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
