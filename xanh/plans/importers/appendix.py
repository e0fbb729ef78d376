"""The appendix task table, whatever file it came from.

Columns are found by their header names in any order; header blocks repeated at page
breaks and the column-number row ("1 2 3 … 7") are skipped; a theme row is one whose
number cell holds a theme code (I, VIII.2) — with its title in the next cell, in the same
cell, or alone in a row of merged cells; a task row has a task number ("1", "1.").
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from xanh.core.errors import Problem
from xanh.core.text import fold
from xanh.plans.importers.cleaning import strip_tags
from xanh.plans.importers.source import SourceRow, SourceTask, SourceTheme

FIELDS = {
    "number": ["STT", "TT", "Số TT", "Số thứ tự"],
    "text": ["Nhiệm vụ", "Nhiệm vụ, hoạt động", "Nội dung", "Tên nhiệm vụ", "Nội dung nhiệm vụ"],
    "lead": ["Đơn vị chủ trì", "Cơ quan chủ trì", "Chủ trì"],
    "coordinating": ["Đơn vị phối hợp", "Cơ quan phối hợp", "Phối hợp"],
    "time_frame": ["Thời gian thực hiện", "Thời gian", "Tiến độ", "Thời gian hoàn thành", "Thời hạn"],
    "products": ["Sản phẩm", "Sản phẩm đầu ra", "Kết quả", "Hình thức văn bản"],
    "note": ["Ghi chú"],
}
REQUIRED = ("number", "text", "lead")
MAX_THEME_CODE = 20
LABELS = {name: labels[0] for name, labels in FIELDS.items()}

THEME_CODE = re.compile(r"^(?P<code>[IVXLC]+(?:\.\d+)*)\.?(?:\s+(?P<title>.+))?$", re.S)
TASK_NUMBER = re.compile(r"^(?P<n>\d{1,3})\s*[.)]?$")


def field_for(header: str) -> str | None:
    key = fold(header)
    if not key:
        return None
    best, best_score = None, 0
    for name, labels in FIELDS.items():
        for label in map(fold, labels):
            score = 1000 if key == label else (len(label) if key.startswith(label + " ") else 0)
            if score > best_score:
                best, best_score = name, score
    return best


def header_mapping(rows: list[SourceRow], start: int) -> tuple[dict[str, int], int] | None:
    """If rows[start] is a header row, return the column mapping and the index after the
    header block (header, sub-headers, column numbers)."""
    first = rows[start].cells
    mapping: dict[str, int] = {}
    for index, cell in enumerate(first):
        name = field_for(cell)
        if name and name not in mapping:
            mapping[name] = index
    if "number" not in mapping or "text" not in mapping:
        return None
    end = start + 1
    while end < len(rows) and end <= start + 3:
        cells = rows[end].cells
        if _is_column_numbers(cells):
            end += 1
            continue
        sub = {index: field_for(cell) for index, cell in enumerate(cells) if cell.strip()}
        if sub and all(sub.values()) and not any(TASK_NUMBER.match(c.strip()) for c in cells[:1]):
            for index, name in sub.items():
                # a sub-header names the column more precisely than the spanning header above it
                mapping = {k: v for k, v in mapping.items() if v != index and k != name}
                mapping[name] = index
            end += 1
            continue
        break
    return mapping, end


def _is_column_numbers(cells: list[str]) -> bool:
    values = [c.strip() for c in cells if c.strip()]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def parse_rows(rows: list[SourceRow], file: str) -> tuple[list[SourceTheme], list[SourceTask], list[Problem]]:
    problems: list[Problem] = []
    themes: list[SourceTheme] = []
    tasks: list[SourceTask] = []
    mapping: dict[str, int] | None = None
    width = 0
    i = 0
    while i < len(rows):
        row = rows[i]
        found = header_mapping(rows, i)
        if found is not None:
            new_mapping, i = found
            if mapping is None:
                missing = [LABELS[name] for name in REQUIRED if name not in new_mapping]
                if missing:
                    problems.append(Problem(
                        _("The task table has no column %(columns)s.") % {"columns": ", ".join(
                            f"“{m}”" for m in missing)}, file=file, line=row.line, where=row.ref))
                    return themes, tasks, problems
                mapping = new_mapping
                width = max(mapping.values()) + 1
            continue
        if mapping is None:
            i += 1
            continue
        i += 1
        cells = [c.strip() for c in row.cells]
        if not any(cells):
            continue
        theme = _theme_from(cells, mapping, row)
        if theme is not None:
            themes.append(theme)
            continue
        number_cell = cells[mapping["number"]] if mapping["number"] < len(cells) else ""
        match = TASK_NUMBER.match(number_cell)
        if match is None:
            problems.append(Problem(
                _("“%(value)s” is neither a theme code (I, II, VIII.1 …) nor a task number.") % {
                    "value": number_cell[:60] or cells[0][:60]},
                file=file, line=row.line, where=row.ref, column=LABELS["number"]))
            continue
        if len(cells) < width:
            problems.append(Problem(
                _("This row has %(found)d columns; the table has %(expected)d (%(labels)s).") % {
                    "found": len(cells), "expected": width,
                    "labels": ", ".join(LABELS[n] for n, _i in sorted(mapping.items(), key=lambda kv: kv[1]))},
                file=file, line=row.line, where=row.ref))
            continue
        if not themes:
            problems.append(Problem(_("A task comes before any theme row."), file=file, line=row.line, where=row.ref))
            continue
        values = {name: cells[index] if index < len(cells) else "" for name, index in mapping.items()}
        if not strip_tags(values["text"]).strip():
            problems.append(Problem(_("The task text is empty."), file=file, line=row.line, where=row.ref,
                                    column=LABELS["text"]))
            continue
        tasks.append(SourceTask(
            theme_code=themes[-1].code, number=int(match["n"]), text=values["text"], lead=values.get("lead", ""),
            coordinating=values.get("coordinating", ""), time_frame=values.get("time_frame", ""),
            products=values.get("products", ""), note=values.get("note", ""), line=row.line, ref=row.ref,
            raw="\t".join(row.cells)))
    if mapping is None:
        problems.append(Problem(
            _("No task table found: expected a header row with the columns “STT”, “Nhiệm vụ” and "
              "“Đơn vị chủ trì”."), file=file))
    elif not tasks and not problems:
        problems.append(Problem(_("The task table is empty."), file=file))
    problems.extend(_check_duplicates(themes, tasks, file))
    return themes, tasks, problems


def _theme_from(cells: list[str], mapping: dict[str, int], row: SourceRow) -> SourceTheme | None:
    index = mapping["number"]
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) == 1 and (index >= len(cells) or not cells[index].strip()):
        index = filled[0]  # a row of merged cells: "VIII.2. Công nghiệp" spanning the table
    number_cell = strip_tags(cells[index]) if index < len(cells) else ""
    match = THEME_CODE.match(number_cell.strip())
    if match is None or len(match["code"]) > MAX_THEME_CODE:
        return None
    others = [c for i, c in enumerate(cells) if i != index and c.strip()]
    title = (match["title"] or "").strip()
    if not title and others:
        title = strip_tags(others[0]).strip()
        others = others[1:]
    if others:
        return None  # a theme row carries nothing but its code and title
    return SourceTheme(code=match["code"], title=" ".join(strip_tags(title).split()), line=row.line, ref=row.ref)


def _check_duplicates(themes, tasks, file) -> list[Problem]:
    problems = []
    seen_themes: dict[str, SourceTheme] = {}
    for theme in themes:
        if theme.code in seen_themes:
            problems.append(Problem(_("Theme %(code)s appears twice (also at %(other)s).") % {
                "code": theme.code, "other": seen_themes[theme.code].ref}, file=file, line=theme.line, where=theme.ref))
        seen_themes[theme.code] = theme
    seen_tasks: dict[str, SourceTask] = {}
    for task in tasks:
        if task.task_ref in seen_tasks:
            problems.append(Problem(_("Task %(ref)s appears twice (also at %(other)s).") % {
                "ref": task.task_ref, "other": seen_tasks[task.task_ref].ref}, file=file, line=task.line,
                where=task.ref, column=LABELS["number"]))
        seen_tasks[task.task_ref] = task
    return problems
