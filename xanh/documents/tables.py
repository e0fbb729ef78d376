"""The rows of the appendix tables, once for every format.

The DOCX and the XLSX print the same rows from here, and the status summary takes its counts from
the same figures that fill the text (`content.figures`), so text, appendix and spreadsheet agree.
Everything is Vietnamese (the documents are) and taken from a `ReportContent`: no queries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xanh.documents.figures import vi_percent
from xanh.documents.sections import one_line, status_word, task_text
from xanh.reporting.enums import ImplementationStatus as S
from xanh.reporting.progress import NO_REPORT, STATUS_ORDER, light

LISTED_OUTPUTS = 10      # outputs listed in one appendix cell; the XLSX body sheets list them all
TASK_TEXT = 300          # characters of a task's text in the appendix
OUTPUT_TITLE = 90        # characters of an output's title in the appendix
STATUS_TOKENS = {S.DONE_ON_TIME: "hoan_thanh_dung_han", S.DONE_LATE: "hoan_thanh_muon", S.RECURRING: "thuong_xuyen",
                 S.ON_TRACK: "dung_tien_do", S.BEHIND: "cham_tien_do", S.NOT_STARTED: "chua_trien_khai",
                 S.AWAITING_GUIDANCE: "cho_huong_dan", NO_REPORT: "chua_co_bao_cao"}
ABBREVIATIONS = {S.DONE_ON_TIME: "HT", S.DONE_LATE: "HTM", S.RECURRING: "TX", S.ON_TRACK: "ĐTĐ", S.BEHIND: "CTĐ",
                 S.NOT_STARTED: "CTK", S.AWAITING_GUIDANCE: "CHD", NO_REPORT: "CBC"}
FILLS = {"green": "E2EFDA", "amber": "FFF2CC", "red": "F8CBAD", "grey": "E7E6E6"}
LIGHT_WORDS = {"green": "Xanh: đúng tiến độ, thường xuyên hoặc đã hoàn thành",
               "amber": "Vàng: chậm tiến độ hoặc hoàn thành muộn",
               "red": "Đỏ: chưa triển khai hoặc chưa có báo cáo được chấp nhận",
               "grey": "Xám: chờ hướng dẫn của Trung ương hoặc chưa đến thời hạn thực hiện"}

ANNUAL_COLUMNS = ["STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Tình trạng",
                  "Báo cáo được chấp nhận", "Sản phẩm"]


@dataclass
class ThemeRow:
    code: str
    title: str
    depth: int = 0

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}"


@dataclass
class TaskRow:
    number: int
    ref: str
    text: str
    bodies: str
    status: str
    label: str
    accepted: str
    outputs: list[str] = field(default_factory=list)
    light: str = "red"
    item: object = None

    def values(self) -> list[str]:
        return [str(self.number), self.ref, self.text, self.bodies, self.label, self.accepted,
                "\n".join(self.outputs)]


def compact_output(output) -> str:
    """"Kế hoạch số 12/KH-SNNMT ngày 02/03/2026: title…" (the body is the row's)."""
    parts = [str(output.get_kind_display())]
    if output.number:
        parts.append(f"số {output.number}")
    if output.date:
        parts.append(f"ngày {output.date:%d/%m/%Y}")
    text = " ".join(parts)
    return f"{text}: {one_line(output.title, OUTPUT_TITLE)}" if output.title.strip() else text


def _outputs(item) -> list[str]:
    outputs = item.outputs
    lines = [f"- {compact_output(o)}" for o in outputs[:LISTED_OUTPUTS]]
    if len(outputs) > LISTED_OUTPUTS:
        lines.append(f"- Và {len(outputs) - LISTED_OUTPUTS} văn bản, sản phẩm khác")
    return lines


def appendix(content) -> list[ThemeRow | TaskRow]:
    """Every task of the cycle in plan order, under a row for its theme (and the theme's parent)."""
    rows: list[ThemeRow | TaskRow] = []
    seen: set[int] = set()
    for number, item in enumerate(content.progress.tasks, start=1):
        theme = item.task.theme
        chain = [theme]
        while chain[-1].parent_id:
            chain.append(chain[-1].parent)
        for depth, each in enumerate(reversed(chain)):
            if each.pk not in seen:
                seen.add(each.pk)
                rows.append(ThemeRow(code=each.code, title=each.title, depth=depth))
        rows.append(TaskRow(
            number=number, ref=item.task.ref, text=task_text(item.task, TASK_TEXT),
            bodies=item.bodies or "–",
            status=item.status, label=status_word(item.status), accepted=f"{item.accepted}/{item.expected}",
            outputs=_outputs(item), light=light(item.status, item.task, content.cycle.year), item=item))
    return rows


def task_rows(rows) -> list[TaskRow]:
    return [row for row in rows if isinstance(row, TaskRow)]


def status_summary(content) -> list[tuple[str, str, str]]:
    """(label, count, share %) for each status, then the total: the counts are the text's figures."""
    figures = content.figures
    total = content.progress.task_count
    counts = content.progress.by_status
    rows = [(status_word(status), figures[STATUS_TOKENS[status]], vi_percent(counts[status], total))
            for status in STATUS_ORDER]
    rows.append(("Tổng số nhiệm vụ", figures["tong_nhiem_vu"], vi_percent(total, total)))
    return rows


def missing_bodies(content) -> list[tuple[str, str, str, str]]:
    """(STT, body, reports not delivered, reports expected) for each body still owing reports."""
    return [(str(n), org.name, str(missing), str(expected))
            for n, (org, missing, expected) in enumerate(content.progress.bodies_missing, start=1)]


@dataclass
class MatrixRow:
    task: TaskRow
    years: list[tuple[int, str | None, str | None]]   # (year, status or None when no cycle that year, light)
    current: str
    current_light: str


def review_matrix(content) -> list[ThemeRow | MatrixRow]:
    """The appendix of a review: each task's status in each year covered, traffic-lit, and its status now."""
    reported_years = content.cycle_years
    rows: list[ThemeRow | MatrixRow] = []
    for row in appendix(content):
        if isinstance(row, ThemeRow):
            rows.append(row)
            continue
        task = row.item.task
        history = content.history.get(task.pk, {})
        years = []
        for year in content.years:
            if year not in reported_years:
                years.append((year, None, None))
                continue
            status = history.get(year, NO_REPORT)
            years.append((year, status, light(status, task, year)))
        rows.append(MatrixRow(task=row, years=years, current=row.status, current_light=row.light))
    return rows


def legend() -> list[tuple[str, str]]:
    """(abbreviation, status) for the matrix cells."""
    return [(ABBREVIATIONS[status], status_word(status)) for status in STATUS_ORDER]


def guidance(content) -> list[tuple[str, str, str, str, str, str]]:
    """Tasks waiting for central guidance: (STT, ref, task, ministry, its successor now, status now)."""
    rows = []
    for item in content.progress.tasks:
        task = item.task
        if not task.awaits_guidance:
            continue
        ministry = task.guidance_from.name if task.guidance_from_id else (task.guidance_from_as_written or
                                                                           "Trung ương")
        now = content.successors.get(task.guidance_from_id) or []
        rows.append((str(len(rows) + 1), task.ref, task_text(task, TASK_TEXT), ministry,
                     ", ".join(o.name for o in now) or "Không thay đổi", status_word(item.status)))
    return rows
