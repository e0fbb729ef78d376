"""The chasing letter (công văn đôn đốc): a DOCX the coordinator's clerk finishes and signs.

An official Vietnamese document, laid out as Decree 30/2020/NĐ-CP asks: A4, Times New Roman,
margins top and bottom 20 mm, left 30 mm, right 15 mm; the issuing body and the national motto
side by side; number, place and date left for the clerk; "Kính gửi" the bodies still missing;
the body of the letter; the table of the reports still missing; "Nơi nhận" and the signature
block. The fixed phrases are Vietnamese on purpose (the document is Vietnamese whatever the
interface language); every name comes from the database, and imported text (task text, body
names) goes in as plain text runs only.
"""

import re
from copy import deepcopy

from django.conf import settings
from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from xanh.core.officedoc import cell as _cell
from xanh.core.officedoc import closing_block, header_block, new_document, place_of, plain, repeat_header, to_bytes
from xanh.core.officedoc import font as _font
from xanh.core.officedoc import paragraph as _para
from xanh.reporting.enums import CycleKind, ReportState
from xanh.reporting.reminders import coordinator_body, missing

NAMED_ADDRESSEES = 20          # above this, "Kính gửi" names the kinds of bodies and points to the table
LOCAL_KINDS = ("commune_pc", "district_pc")
COLUMNS = [("STT", 11), ("Cơ quan, đơn vị", 40), ("Nhiệm vụ", 17), ("Nội dung nhiệm vụ", 69), ("Tình trạng", 28)]
STATES = {
    "not_started": "Chưa báo cáo",
    ReportState.DRAFT: "Đang soạn thảo, chưa gửi",
    ReportState.SUBMITTED: "Chờ lãnh đạo đơn vị phê duyệt",
    ReportState.RETURNED: "Bị trả lại, chưa gửi lại",
}
HEADS = {"department": ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "board": ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
         "province": ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")}
def abbreviation(body) -> str:
    """The body's initials as used in document numbers: Sở Tài chính → STC."""
    if body.kind == "province":
        return "UBND"
    words = [w for w in re.findall(r"\w+", body.short_name or body.name) if w.lower() not in ("và", "tỉnh")]
    return "".join(w[0].upper() for w in words)


def subject_of(cycle) -> str:
    plan = "Kế hoạch hành động tăng trưởng xanh"
    if cycle.kind == CycleKind.MIDTERM:
        return f"V/v đôn đốc báo cáo đánh giá giữa kỳ việc thực hiện {plan} năm {cycle.year}"
    if cycle.kind == CycleKind.FINAL:
        return f"V/v đôn đốc báo cáo tổng kết việc thực hiện {plan} năm {cycle.year}"
    if cycle.kind == CycleKind.ADHOC and cycle.title:
        return f"V/v đôn đốc báo cáo {plain(cycle.title)} năm {cycle.year}"
    return f"V/v đôn đốc báo cáo tình hình thực hiện {plan} năm {cycle.year}"


def state_of(report) -> str:
    if report.state == ReportState.DRAFT and not report.is_started:
        return STATES["not_started"]
    return STATES.get(report.state, report.get_state_display())


def task_summary(task) -> str:
    first = plain(task.text).strip().splitlines()[0] if plain(task.text).strip() else ""
    return first if len(first) <= 220 else first[:219].rstrip() + "…"


# ---- the letter


def chasing_letter(user, cycle, today=None) -> bytes:
    """The DOCX of a letter chasing every body whose reports have not reached the coordinator.
    Coordinator and leadership only (PermissionDenied otherwise)."""
    reports = missing(user, cycle)
    today = today or timezone.localdate()
    plan, province = cycle.plan, cycle.plan.province
    issuer = coordinator_body(cycle, user)
    reports = list(reports.exclude(organization=issuer))  # the coordinator does not chase itself
    bodies = []
    for report in reports:
        if not bodies or bodies[-1].pk != report.organization_id:
            bodies.append(report.organization)

    document = new_document()
    _header(document, cycle, province, issuer)
    _addressees(document, bodies)
    _body(document, cycle, plan, province, issuer, bodies, reports, today)
    if reports:
        _missing_table(document, reports)
    _closing(document, province, issuer)
    return to_bytes(document)


def _header(document, cycle, province, issuer):
    header_block(document, parent=province.short_name or province.name, issuer=issuer.short_name or issuer.name,
                 number=f"Số: …/{abbreviation(issuer)}-…", under_number=subject_of(cycle),
                 place_date=f"{place_of(province)}, ngày … tháng … năm …")


def _addressees(document, bodies):
    names = [plain(b.name) for b in bodies]
    if not bodies:
        lines = []
    elif len(bodies) <= NAMED_ADDRESSEES:
        lines = names
    else:
        others = [plain(b.name) for b in bodies if b.kind not in LOCAL_KINDS]
        local = len(bodies) - len(others)
        if len(others) <= NAMED_ADDRESSEES:
            lines = others + ([f"Ủy ban nhân dân các xã, phường có tên tại bảng kèm theo ({local} đơn vị)"]
                              if local else [])
        else:
            lines = [f"Các cơ quan, đơn vị có tên tại bảng kèm theo ({len(bodies)} đơn vị)"]
    if len(lines) == 1:
        paragraph = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        _font(paragraph.add_run("Kính gửi: "), 14)
        _font(paragraph.add_run(lines[0] + "."), 14)
        return
    _para(document, "Kính gửi:", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for position, line in enumerate(lines):
        paragraph = _para(document, f"- {line}" + ("." if position == len(lines) - 1 else ";"), 14)
        paragraph.paragraph_format.left_indent = Mm(45)
    _para(document, after=6)


def _body(document, cycle, plan, province, issuer, bodies, reports, today):
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    issuer_name = plain(issuer.short_name or issuer.name)
    province_name = plain(province.short_name or province.name)
    _para(document, f"Thực hiện Quyết định số {plain(plan.number)} ngày {plan.date:%d/%m/%Y} của "
                    f"{plain(plan.issuer_name)} ban hành {plain(plan.title)}; theo đó, các cơ quan, đơn vị được "
                    f"giao nhiệm vụ báo cáo tình hình thực hiện gửi {issuer_name} trước ngày "
                    f"{cycle.body_deadline:%d/%m/%Y} để tổng hợp, báo cáo {province_name} trước ngày "
                    f"{cycle.province_deadline:%d/%m/%Y}.", 14, align=justify, indent=True, after=6)
    if not reports:
        _para(document, f"Đến ngày {today:%d/%m/%Y}, các cơ quan, đơn vị đã gửi đầy đủ báo cáo.", 14,
              align=justify, indent=True, after=6)
        return
    _para(document, f"Đến ngày {today:%d/%m/%Y}, còn {len(bodies)} cơ quan, đơn vị chưa hoàn thành "
                    f"{len(reports)} báo cáo nhiệm vụ (chưa gửi hoặc chưa được lãnh đạo đơn vị phê duyệt gửi "
                    f"{issuer_name}), chi tiết tại bảng dưới đây.", 14, align=justify, indent=True, after=6)
    by_when = (f"trước ngày {cycle.body_deadline:%d/%m/%Y}" if today <= cycle.body_deadline
               else "trước ngày … tháng … năm …")
    _para(document, f"{issuer_name} đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên quan tâm chỉ đạo khẩn "
                    f"trương hoàn thành, phê duyệt và gửi báo cáo trên Hệ thống theo dõi thực hiện Kế hoạch hành "
                    f"động tăng trưởng xanh ({settings.XANH_BASE_URL}) {by_when} để tổng hợp, báo cáo "
                    f"{province_name} theo quy định.", 14, align=justify, indent=True, after=6)


def _missing_table(document, reports):
    """One row per missing report, the body's cell spanning its rows.

    Rows are copied from a prototype row at the lxml level: python-docx's object API costs
    milliseconds per cell, and a province's letter can list thousands of reports.
    """
    table = document.add_table(rows=2, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header, prototype = table.rows
    repeat_header(header)
    for position, (head, cell, (title, width)) in enumerate(zip(header.cells, prototype.cells, COLUMNS,
                                                                strict=True)):
        _para(_cell(head, width), title, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        align = WD_ALIGN_PARAGRAPH.CENTER if position in (0, 2) else None
        _para(_cell(cell, width), "-", 12, align=align)
    tbl, row = table._tbl, prototype._tr
    tbl.remove(row)
    previous_body = None
    for number, report in enumerate(reports, start=1):
        tr = deepcopy(row)
        same_body = report.organization_id == previous_body
        values = [str(number), "" if same_body else plain(report.organization.name), report.task.ref,
                  task_summary(report.task), state_of(report)]
        for text, value in zip(tr.iter(qn("w:t")), values, strict=True):
            text.text = value
            text.set(qn("xml:space"), "preserve")
        _vmerge(tr.findall(qn("w:tc"))[1], continued=same_body)
        tbl.append(tr)
        previous_body = report.organization_id
    _para(document, after=6)


def _vmerge(tc, *, continued: bool):
    """Start (or continue) the vertical merge of a body's cell over its reports' rows."""
    merge = OxmlElement("w:vMerge")
    if not continued:
        merge.set(qn("w:val"), "restart")
    tc.find(qn("w:tcPr")).find(qn("w:tcW")).addnext(merge)


def _closing(document, province, issuer):
    _para(document, "Trân trọng./.", 14, indent=True, after=12)
    recipients = ["- Như trên;", f"- {plain(province.short_name or province.name)} (để báo cáo);",
                  f"- Lưu: VT, {abbreviation(issuer)}."]
    closing_block(document, recipients, HEADS.get(issuer.kind, ("KT. THỦ TRƯỞNG CƠ QUAN", "PHÓ THỦ TRƯỞNG CƠ QUAN")))
