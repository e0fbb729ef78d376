"""Readers: a file's bytes to a SourcePlan. Which reader is decided by sniffing the bytes.

- decision text (the seed's layout): the decision, the plan body, then the appendix as
  tab-separated lines;
- DOCX: paragraphs for the particulars and the body, the appendix as a Word table;
- XLSX: the template this system exports (sheet "Kế hoạch" for the particulars, the
  appendix table on its own sheet), or any sheet holding the appendix table;
- CSV: optional "field,value" lines for the particulars, then the appendix table.
"""

from __future__ import annotations

import hashlib
import io

from django.utils.translation import gettext as _

from xanh.core.errors import InputError, Problem
from xanh.core.spreadsheets import MAX_UNZIPPED_BYTES, cell_text, csv_rows, decode_text, sniff
from xanh.plans.importers.appendix import header_mapping, parse_rows
from xanh.plans.importers.metadata import body_sections, meta_from_lines, meta_from_pairs, meta_key
from xanh.plans.importers.source import SourceMeta, SourcePlan, SourceRow

MAX_LINES = 100_000


def read_plan_source(data: bytes, file_name: str) -> SourcePlan:
    if not data:
        raise InputError([Problem(_("The file is empty."), file=file_name)])
    kind = sniff(data)
    if kind == "oversized":
        raise InputError([Problem(_("The file unpacks to more than %(mb)d MB; it is refused.") % {
            "mb": MAX_UNZIPPED_BYTES // (1024 * 1024)}, file=file_name)])
    if kind == "docx":
        return _read_docx(data, file_name)
    if kind == "xlsx":
        return _read_xlsx(data, file_name)
    if kind != "text":
        raise InputError([Problem(
            _("This file is not a plan: expected the decision as text (UTF-8), a Word document (DOCX), "
              "a spreadsheet (XLSX) or CSV."), file=file_name)])
    text = decode_text(data, file_name)
    if text.count("\n") > MAX_LINES:
        raise InputError([Problem(_("The file is too long (more than %(max)d lines).") % {"max": MAX_LINES},
                                  file=file_name)])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if any("\t" in line for line in lines):
        return _read_decision_text(data, file_name, text, lines)
    return _read_csv(data, file_name, text)


def _finish(data, file_name, fmt, raw_text, meta, rows, body_lines=()) -> SourcePlan:
    themes, tasks, problems = parse_rows(rows, file_name)
    if problems:
        raise InputError(problems)
    return SourcePlan(file_name=file_name, format=fmt, data=data, sha256=hashlib.sha256(data).hexdigest(),
                      raw_text=raw_text, meta=meta, themes=themes, tasks=tasks,
                      body_sections=body_sections(list(body_lines)))


def _read_decision_text(data, file_name, text, lines) -> SourcePlan:
    rows: list[SourceRow] = []
    problems: list[Problem] = []
    pairs: list[tuple[str, str]] = []
    table_started = False
    body_end = len(lines)
    for n, line in enumerate(lines, start=1):
        if "\t" in line:
            row = SourceRow(n, _("line %(line)d") % {"line": n}, line.split("\t"))
            if not table_started and header_mapping([row], 0) is not None:
                table_started, body_end = True, n - 1
            if table_started:
                rows.append(row)
            else:
                cells = [c.strip() for c in row.cells if c.strip()]
                if len(cells) >= 2 and meta_key(cells[0]):
                    pairs.append((cells[0], cells[1]))
            continue
        stripped = line.strip()
        if table_started and stripped and not stripped.isdigit():
            problems.append(Problem(
                _("This line is inside the task table but has no columns (no tab characters)."),
                file=file_name, line=n))
    if problems:
        raise InputError(problems)
    body = lines[:body_end]
    meta, _where = meta_from_lines(body[:120])
    _complete(meta, meta_from_pairs(pairs) if pairs else None)
    return _finish(data, file_name, "text", text, meta, rows, body)


def _complete(meta: SourceMeta, other: SourceMeta | None) -> None:
    """Fill what the decision's header did not give from key–value lines."""
    if other is None:
        return
    for name in ("number", "date", "issuer", "title", "signer", "period_start", "period_end"):
        if not getattr(meta, name) and getattr(other, name):
            setattr(meta, name, getattr(other, name))


def _read_csv(data, file_name, text) -> SourcePlan:
    rows = [SourceRow(n, _("line %(line)d") % {"line": n}, cells) for n, cells in csv_rows(text, file_name)]
    return _tabular(data, file_name, "csv", text, rows)


def _tabular(data, file_name, fmt, raw_text, rows, extra_pairs=()) -> SourcePlan:
    """Key–value rows before the table header carry the particulars."""
    pairs = list(extra_pairs)
    for index, row in enumerate(rows):
        if header_mapping(rows, index) is not None:
            break
        cells = [c.strip() for c in row.cells if c.strip()]
        if len(cells) >= 2 and meta_key(cells[0]):
            pairs.append((cells[0], cells[1]))
    meta = meta_from_pairs(pairs) if pairs else SourceMeta()
    return _finish(data, file_name, fmt, raw_text, meta, rows)


def _read_xlsx(data, file_name) -> SourcePlan:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # damaged archives raise many different errors
        raise InputError([Problem(_("The spreadsheet cannot be opened (damaged or not XLSX)."),
                                  file=file_name)]) from exc
    try:
        pairs, table_rows, raw = [], None, []
        for ws in book.worksheets:
            rows = []
            for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if n > MAX_LINES:
                    break
                cells = [cell_text(v) for v in values]
                rows.append(SourceRow(n, _("sheet “%(sheet)s”, line %(line)d") % {"sheet": ws.title, "line": n},
                                      cells))
                raw.append("\t".join(cells).rstrip("\t"))
            has_table = any(header_mapping(rows, i) is not None for i in range(min(len(rows), 40)))
            if has_table and table_rows is None:
                table_rows = rows
            elif not has_table:
                pairs.extend((r.cells[0], r.cells[1]) for r in rows if len(r.cells) >= 2 and meta_key(r.cells[0]))
    finally:
        book.close()
    if table_rows is None:
        raise InputError([Problem(
            _("No task table found: expected a header row with the columns “STT”, “Nhiệm vụ” and "
              "“Đơn vị chủ trì”."), file=file_name)])
    return _tabular(data, file_name, "xlsx", "\n".join(raw), table_rows, pairs)


def _read_docx(data, file_name) -> SourcePlan:
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise InputError([Problem(_("The Word document cannot be opened (damaged or not DOCX)."),
                                  file=file_name)]) from exc
    paragraphs = [p.text for p in document.paragraphs]
    tables: list[list[SourceRow]] = []
    ordered: list[object] = []  # paragraph texts and tables, in the order of the document
    raw = list(paragraphs)
    line = 0
    for t_index, table in enumerate(document.tables, start=1):
        rows = []
        for r_index, row in enumerate(table.rows, start=1):
            cells, previous = [], None
            for cell in row.cells:
                # a horizontally merged cell repeats itself: keep its text once, in its first column
                cells.append("" if cell._tc is previous else "\n".join(p.text for p in cell.paragraphs))
                previous = cell._tc
            line += 1
            ref = _("table %(table)d, row %(row)d") % {"table": t_index, "row": r_index}
            rows.append(SourceRow(line, ref, cells))
            raw.append("\t".join(cells))
        tables.append(rows)
    from docx.text.paragraph import Paragraph

    index = 0
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            ordered.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            ordered.append(index)
            index += 1
    start = next((i for i, rows in enumerate(tables) if any(header_mapping(rows, j) is not None
                                                             for j in range(min(len(rows), 5)))), None)
    if start is None:
        raise InputError([Problem(
            _("No task table found in the document: expected a table whose header names the columns "
              "“STT”, “Nhiệm vụ” and “Đơn vị chủ trì”."), file=file_name)])
    header_lines: list[str] = []
    for item in ordered:
        if item == start and not isinstance(item, str):
            break
        if isinstance(item, str):
            header_lines.append(item)
        else:  # a table before the appendix: the issuer, number, motto and date blocks
            for row in tables[item]:
                for cell in row.cells:
                    header_lines.extend(cell.split("\n"))
    meta, _where = meta_from_lines(header_lines[:150])
    width = len(tables[start][0].cells) if tables[start] else 0
    # Word splits a long table at page breaks into tables of the same width: they continue it.
    rows = [row for rows in tables[start:] if rows and len(rows[0].cells) == width for row in rows]
    return _finish(data, file_name, "docx", "\n".join(raw), meta, rows, header_lines)
