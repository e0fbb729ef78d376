"""Reading a filled-in body workbook back: everything is checked first, then the changed drafts are
saved in one transaction through save_report (rows that did not change are not written at all)."""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core.audit import record
from xanh.core.errors import InputError, PermissionDenied, Problem, ServiceError
from xanh.core.spreadsheets import MAX_UNZIPPED_BYTES, column_letter, sniff
from xanh.core.text import fold
from xanh.reporting import queries
from xanh.reporting.access import can_write_for
from xanh.reporting.models import TaskReport
from xanh.reporting.offline.cells import (
    CellError,
    is_blank,
    read_budget,
    read_date,
    read_kind,
    read_link,
    read_progress,
    read_status,
    read_text,
    read_yes_no,
    shown,
)
from xanh.reporting.offline.export import body_reports
from xanh.reporting.offline.layout import (
    HEADER_SEARCH_ROWS,
    ISSUER_MAX,
    MAX_ROWS,
    NUMBER_MAX,
    OUTPUT_COLUMNS,
    OUTPUT_CONTENT,
    OUTPUT_SHEET,
    REPORT_COLUMNS,
    REPORT_SHEET,
    clean_text,
    header_spellings,
    kind_vocabulary,
    parse_report_id,
    status_vocabulary,
)
from xanh.reporting.services import OutputInput, save_report
from xanh.reporting.services.reports import FIELDS

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # Excel 97-2003 (.xls)


@dataclass
class ImportOutcome:
    updated: list = field(default_factory=list)      # reports saved
    unchanged: list = field(default_factory=list)    # editable, same as in xanh: not written
    skipped: list = field(default_factory=list)      # no longer editable: ignored
    notices: list = field(default_factory=list)      # Problems that did not stop the import

    @property
    def counts(self) -> dict:
        return {"updated": len(self.updated), "unchanged": len(self.unchanged), "skipped": len(self.skipped)}


@dataclass
class Sheet:
    """The rows under the header of one sheet, and where each column was found."""

    file: str
    name: str
    columns: dict[str, int]                  # key -> 0-based index
    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)

    def value(self, cells: tuple, key: str):
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def column(self, key: str) -> str:
        index = self.columns[key]
        return f"{column_letter(index)} ({self.headers[index]})"

    def problem(self, message, line: int | None = None, key: str | None = None) -> Problem:
        return Problem(message, file=self.file, sheet=self.name, line=line,
                       column=self.column(key) if key and key in self.columns else "")


@dataclass
class Entry:
    """One report's row on the report sheet, what it asks for, and its outputs' rows."""

    report: TaskReport
    line: int
    version: int
    changes: dict | None = None          # None when a cell could not be read
    outputs: list = field(default_factory=list)
    outputs_ok: bool = True


def import_body_xlsx(actor, cycle, organization, name: str, data: bytes) -> ImportOutcome:
    if not can_write_for(actor, organization.pk):
        raise PermissionDenied(_("Only the officers of %(body)s may write its reports.") % {"body": organization})
    if not cycle.is_open:
        raise ServiceError(_("This cycle is not open for reporting."))
    report_sheet, output_sheet = _read_workbook(name, data)
    reports = {r.pk: r for r in body_reports(actor, cycle, organization)}
    problems, notices = [], []
    entries = _report_rows(actor, report_sheet, reports, problems)
    _output_rows(actor, output_sheet, reports, entries, problems)
    outcome = ImportOutcome(notices=notices)
    changed = []
    for entry in entries.values():
        report = entry.report
        differs = entry.changes is None or not entry.outputs_ok or _differs(entry)
        if not report.is_editable:
            outcome.skipped.append(report)
            if differs:
                notices.append(report_sheet.problem(_("Task %(task)s is “%(state)s”: it can no longer be edited, so "
                                                      "this row was ignored.") % {
                    "task": report.task.ref, "state": report.get_state_display()}, entry.line, "state"))
            continue
        if entry.changes is None or not entry.outputs_ok:
            continue  # its problems are listed already
        if not differs:
            outcome.unchanged.append(report)
        elif entry.version != report.version:
            problems.append(report_sheet.problem(_stale_message(report), entry.line, "id"))
        else:
            changed.append(entry)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.sheet != REPORT_SHEET, p.line or 0, p.column)))
    _save(actor, cycle, organization, name, report_sheet, changed)
    outcome.updated = [entry.report for entry in changed]
    return outcome


def _save(actor, cycle, organization, name, report_sheet, changed: list[Entry]) -> None:
    if not changed:
        return
    with transaction.atomic():
        for entry in changed:
            outputs = _with_evidence(entry) if _outputs_differ(entry) else None
            try:
                entry.report = save_report(actor, entry.report, entry.version, entry.changes, outputs=outputs)
            except ServiceError as exc:  # saved by someone else between the check and now, or refused
                raise InputError([report_sheet.problem(exc.message, entry.line, "id")]) from exc
        record(actor, "report.import_xlsx", cycle, after={
            "body": organization.code, "file": name, "reports": [entry.report.pk for entry in changed]})


# ---------------------------------------------------------------- reading the workbook


def _read_workbook(name: str, data: bytes) -> tuple[Sheet, Sheet]:
    limit = settings.XANH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise InputError([Problem(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                                  file=name)])
    if not data:
        raise InputError([Problem(_("The file is empty."), file=name)])
    kind = sniff(data)
    if kind == "oversized":
        raise InputError([Problem(_("The file unpacks to more than %(mb)d MB; it is refused.") % {
            "mb": MAX_UNZIPPED_BYTES // (1024 * 1024)}, file=name)])
    if kind != "xlsx":
        if data.startswith(OLE_MAGIC):
            message = _("This is an old-format Excel file (.xls). Open it in Excel and save it as "
                        "“Excel Workbook (.xlsx)”, then upload it again.")
        else:
            message = _("This is not an Excel workbook (XLSX). Upload the file downloaded from xanh, filled in "
                        "and saved as .xlsx.")
        raise InputError([Problem(message, file=name)])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise InputError([Problem(_("The workbook cannot be opened (damaged or not XLSX)."), file=name)]) from exc
    try:
        missing = [sheet for sheet in (REPORT_SHEET, OUTPUT_SHEET) if sheet not in book.sheetnames]
        if missing:
            raise InputError([Problem(_("There is no sheet “%(sheet)s”: upload the workbook downloaded from xanh "
                                        "for this body and cycle.") % {"sheet": sheet}, file=name)
                              for sheet in missing])
        return (_read_sheet(book[REPORT_SHEET], name, REPORT_COLUMNS, "id"),
                _read_sheet(book[OUTPUT_SHEET], name, OUTPUT_COLUMNS, "kind"))
    finally:
        book.close()


def _read_sheet(worksheet, file: str, columns, anchor: str) -> Sheet:
    """Find the header row (the first one naming the `anchor` column), then keep the non-empty rows."""
    spellings = header_spellings(columns)
    worksheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
    sheet = None
    for line, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if sheet is None:
            if line > HEADER_SEARCH_ROWS:
                break
            found = {}
            for index, value in enumerate(cells):
                key = spellings.get(fold(str(value))) if isinstance(value, str) else None
                if key is not None and key not in found:
                    found[key] = index
            if anchor in found:
                sheet = Sheet(file, worksheet.title, found, [str(v or "").strip() for v in cells])
                _require_columns(sheet, columns, line)
            continue
        if all(is_blank(v) for v in cells):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise InputError([sheet.problem(_("Too many rows (more than %(max)d).") % {"max": MAX_ROWS}, line)])
        sheet.rows.append((line, tuple(cells)))
    if sheet is None:
        anchor_label = next(c.label for c in columns if c.key == anchor)
        raise InputError([Problem(_("No header row with the column “%(column)s” in the first %(n)d rows: upload the "
                                    "workbook downloaded from xanh.") % {"column": anchor_label,
                                                                         "n": HEADER_SEARCH_ROWS},
                                  file=file, sheet=worksheet.title)])
    return sheet


def _require_columns(sheet: Sheet, columns, line: int) -> None:
    missing = [column for column in columns if column.required and column.key not in sheet.columns]
    if missing:
        names = ", ".join(f"“{column.label}”" for column in missing)
        raise InputError([sheet.problem(_("Missing column(s) %(columns)s in the header row.") % {"columns": names},
                                        line)])


# ---------------------------------------------------------------- checking the rows


def _report_rows(actor, sheet: Sheet, reports: dict, problems: list) -> dict[int, Entry]:
    entries: dict[int, Entry] = {}
    foreign: dict[int, list[tuple[int, str]]] = {}
    statuses = status_vocabulary()
    editable_keys = [c.key for c in REPORT_COLUMNS if c.editable]
    for line, cells in sheet.rows:
        raw = sheet.value(cells, "id")
        if is_blank(raw):
            if any(not is_blank(sheet.value(cells, key)) for key in editable_keys):
                problems.append(sheet.problem(_("This row has no report ID: rows cannot be added on this sheet. "
                                                "Report on the tasks listed."), line, "id"))
            continue
        parsed = parse_report_id(raw)
        report = reports.get(parsed[0]) if parsed else None
        if report is None:
            if parsed:
                foreign.setdefault(parsed[0], []).append((line, shown(raw)))
            else:
                problems.append(sheet.problem(_unknown_id(shown(raw)), line, "id"))
            continue
        if report.pk in entries:
            problems.append(sheet.problem(_("Report %(id)s is on this sheet twice: it is already on row %(row)d.") % {
                "id": report.pk, "row": entries[report.pk].line}, line, "id"))
            continue
        entry = Entry(report, line, parsed[1])
        entries[report.pk] = entry
        row_problems = []
        changes = {}
        for key, reader in (("status", lambda v: read_status(v, statuses)), ("progress", read_progress),
                            ("results", read_text), ("difficulties", read_text), ("proposals", read_text),
                            ("budget_used", read_budget), ("is_estimate", read_yes_no)):
            try:
                changes[key] = reader(sheet.value(cells, key))
            except CellError as exc:
                row_problems.append(sheet.problem(exc.message, line, key))
        if row_problems:
            if report.is_editable:
                problems.extend(row_problems)
        else:
            entry.changes = changes
    _foreign_ids(actor, sheet, foreign, problems, key="id")
    return entries


def _output_rows(actor, sheet: Sheet, reports: dict, entries: dict[int, Entry], problems: list) -> None:
    by_ref = {r.task.ref: r for r in reports.values()}
    kinds = kind_vocabulary()
    foreign: dict[int, list[tuple[int, str]]] = {}
    for line, cells in sheet.rows:
        if all(is_blank(sheet.value(cells, key)) for key in OUTPUT_CONTENT):
            continue  # a cleared row: the output is removed
        report = _output_report(sheet, line, cells, reports, by_ref, foreign, problems)
        if report is None:
            continue
        entry = entries.get(report.pk)
        if entry is None:
            problems.append(sheet.problem(_("Task %(task)s has no row on sheet “%(sheet)s”: its outputs can only be "
                                            "saved with it. Download the file again.") % {
                "task": report.task.ref, "sheet": REPORT_SHEET}, line, "report" if "report" in sheet.columns
                else "task"))
            continue
        row_problems = []
        values = {}
        for key, reader in (("kind", lambda v: read_kind(v, kinds)), ("number", lambda v: read_text(v, NUMBER_MAX)),
                            ("date", read_date), ("issuer", lambda v: read_text(v, ISSUER_MAX)),
                            ("title", read_text), ("url", read_link)):
            try:
                values[key] = reader(sheet.value(cells, key))
            except CellError as exc:
                row_problems.append(sheet.problem(exc.message, line, key))
        if not row_problems and not (values["number"] or values["title"]):
            row_problems.append(sheet.problem(_("Give the document's number or its title."), line, "number"))
        if row_problems:
            entry.outputs_ok = False
            if report.is_editable:
                problems.extend(row_problems)
            continue
        entry.outputs.append(OutputInput(**values))
    _foreign_ids(actor, sheet, foreign, problems, key="report")


def _output_report(sheet, line, cells, reports, by_ref, foreign, problems) -> TaskReport | None:
    """The report an output row belongs to: by its report ID, or by its task when the ID is blank."""
    raw_id, raw_ref = sheet.value(cells, "report"), sheet.value(cells, "task")
    ref = read_text(raw_ref) if not is_blank(raw_ref) else ""
    by_task = by_ref.get(ref) if ref else None
    if is_blank(raw_id):
        if not ref:
            problems.append(sheet.problem(_("Say which task this document belongs to."), line, "task"))
        elif by_task is None:
            problems.append(sheet.problem(_("Task “%(task)s” is not one of the tasks on sheet “%(sheet)s”.") % {
                "task": ref, "sheet": REPORT_SHEET}, line, "task"))
        return by_task
    text = shown(raw_id)
    if not text.isdigit():
        problems.append(sheet.problem(_unknown_id(text), line, "report"))
        return None
    report = reports.get(int(text))
    if report is None:
        foreign.setdefault(int(text), []).append((line, text))
        return None
    if ref and ref != report.task.ref:
        problems.append(sheet.problem(_("Report %(id)s is about task %(task)s, not “%(ref)s”: clear the report ID "
                                        "of a row you copied for another task.") % {
            "id": report.pk, "task": report.task.ref, "ref": ref}, line, "task"))
        return None
    return report


def _foreign_ids(actor, sheet: Sheet, foreign: dict, problems: list, key: str) -> None:
    """IDs that are not this body's reports in this cycle: say whose they are when the person may know."""
    if not foreign:
        return
    known = {r.pk: r for r in queries.reports(actor).filter(pk__in=list(foreign))}
    for pk, places in foreign.items():
        for line, raw in places:
            report = known.get(pk)
            if report is None:
                message = _unknown_id(raw)
            else:
                message = _("Report %(id)s belongs to %(body)s in %(cycle)s, not to the body and cycle of this "
                            "upload.") % {"id": pk, "body": report.organization, "cycle": report.cycle}
            problems.append(sheet.problem(message, line, key))


def _unknown_id(raw: str) -> str:
    return _("Unknown report ID “%(value)s”: this row does not come from the file downloaded for this body and "
             "cycle.") % {"value": raw}


def _stale_message(report: TaskReport) -> str:
    when = timezone.localtime(report.updated_at).strftime("%d/%m/%Y %H:%M") if report.updated_at else "—"
    who = report.updated_by.get_username() if report.updated_by_id else _("the system")
    return _("Task %(task)s was changed in xanh after this file was downloaded (last saved by %(who)s on %(when)s). "
             "Download the file again and redo this row.") % {"task": report.task.ref, "who": who, "when": when}


# ---------------------------------------------------------------- comparing with the database


def _current(report: TaskReport) -> dict:
    values = {name: getattr(report, name) for name in FIELDS}
    for name in ("results", "difficulties", "proposals"):
        values[name] = clean_text(values[name])
    values["status"] = values["status"] or ""
    return values


def _differs(entry: Entry) -> bool:
    return entry.changes != _current(entry.report) or _outputs_differ(entry)


def _output_key(kind, number, date, issuer, title, url) -> tuple:
    return (kind, clean_text(number), date, clean_text(issuer), clean_text(title), clean_text(url))


def _outputs_differ(entry: Entry) -> bool:
    stored = [_output_key(o.kind, o.number, o.date, o.issuer, o.title, o.url) for o in entry.report.outputs.all()]
    given = [_output_key(o.kind, o.number, o.date, o.issuer, o.title, o.url) for o in entry.outputs]
    return stored != given


def _with_evidence(entry: Entry) -> list[OutputInput]:
    """Keep the file of an output whose kind and number (or title, without a number) did not change."""
    files = {}
    for output in entry.report.outputs.all():
        if output.evidence_id:
            files.setdefault(_identity(output.kind, output.number, output.title), []).append(output.evidence_id)
    for item in entry.outputs:
        kept = files.get(_identity(item.kind, item.number, item.title))
        if kept:
            item.evidence_id = kept.pop(0)
    return entry.outputs


def _identity(kind: str, number: str, title: str) -> tuple:
    number = clean_text(number)
    return (kind, "number", fold(number)) if number else (kind, "title", fold(title))
