"""The text xanh writes for each section of a provincial document, from the accepted reports.

The coordinator edits these in the browser; what is generated here is the first draft, and what an
untouched section keeps saying as the data moves. The wording is Vietnamese whatever the interface
language (the document goes to a Vietnamese ministry). Counts are written as figure tokens
(``{{hoan_thanh}}``, see `figures`), so that an edited text still quotes the current figures.
Every narrative comes from an accepted report, quoted as plain text, with the body that wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xanh.core.officedoc import place_of
from xanh.reporting.enums import CycleKind
from xanh.reporting.enums import ImplementationStatus as S
from xanh.reporting.progress import NO_REPORT, CycleProgress, TaskProgress, light

QUOTED_BODIES = 3        # narratives quoted per task before "và N đơn vị khác"
QUOTE_LENGTH = 600       # characters of one body's narrative in the generated draft
LISTED_OUTPUTS = 8       # outputs listed per task
_SPACES = re.compile(r"\s+")
_LEADING_DASH = re.compile(r"^\s*[-–+•]\s*")
PLAN_NAME = "Kế hoạch hành động tăng trưởng xanh"
REPORT_MINISTRY = "bo-khdt"   # the plan reports to this ministry "or its successor" (Bộ Tài chính since 03/2025)


@dataclass
class Context:
    cycle: object
    kind: str
    progress: CycleProgress
    history: dict = field(default_factory=dict)
    years: list = field(default_factory=list)
    successors: dict = field(default_factory=dict)


def one_line(text: str, limit: int = QUOTE_LENGTH) -> str:
    """Quoted text on one line; a "{{" typed by a body is broken up, so only xanh's own tokens are figures."""
    flat = _SPACES.sub(" ", str(text or "")).strip().replace("{{", "{ {")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def sentence(text: str, limit: int = QUOTE_LENGTH) -> str:
    """A quoted text without its own final full stop, so the generated sentence adds exactly one."""
    return one_line(text, limit).rstrip(" .;")


def task_text(task, limit: int = 160) -> str:
    """The task's words for a list line: without the "- " a decision puts before its first clause."""
    return sentence(_LEADING_DASH.sub("", task.text), limit)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def issuer_of(province) -> str:
    if province.kind == "province":
        return f"ỦY BAN NHÂN DÂN TỈNH {place_of(province).upper()}"
    return province.name.upper()


def subject_of(cycle, kind: str) -> str:
    province = place_of(cycle.plan.province)
    start = cycle.plan.period_start
    span = f"giai đoạn {start}–{cycle.year}" if start and start < cycle.year else f"đến năm {cycle.year}"
    if kind == "midterm":
        return f"Đánh giá giữa kỳ tình hình thực hiện {PLAN_NAME} tỉnh {province} {span}"
    if kind == "final":
        return f"Tổng kết tình hình thực hiện {PLAN_NAME} tỉnh {province} {span}"
    return f"Tình hình thực hiện {PLAN_NAME} tỉnh {province} năm {cycle.year}"


def output_line(output) -> str:
    """"Kế hoạch số 123/KH-UBND ngày 05/03/2026 của UBND tỉnh về …" from a listed output."""
    parts = [str(output.get_kind_display())]
    if output.number:
        parts.append(f"số {output.number}")
    if output.date:
        parts.append(f"ngày {output.date:%d/%m/%Y}")
    if output.issuer:
        parts.append(f"của {one_line(output.issuer, 120)}")
    text = " ".join(parts)
    if output.title:
        text += f" về {sentence(output.title, 200)}" if not output.title.lower().startswith("về ") \
            else f" {sentence(output.title, 200)}"
    return text


def _short(org) -> str:
    return org.short_name or org.name


def _task_head(item: TaskProgress) -> str:
    return f"- Nhiệm vụ {item.task.ref} – {task_text(item.task)}: {lower_first(item.label)}."


def task_paragraphs(item: TaskProgress) -> list[str]:
    """One task's results: its consolidated status, the bodies' narratives, the documents issued."""
    lines = [_task_head(item)]
    quoted = [r for r in item.reports if r.results.strip()]
    for report in quoted[:QUOTED_BODIES]:
        lines.append(f"{_short(report.organization)}: {sentence(report.results)}.")
    if len(quoted) > QUOTED_BODIES:
        lines.append(f"Và {len(quoted) - QUOTED_BODIES} cơ quan, đơn vị khác đã báo cáo kết quả (chi tiết tại "
                     f"Phụ lục).")
    outputs = item.outputs
    if outputs:
        listed = "; ".join(output_line(o) for o in outputs[:LISTED_OUTPUTS])
        more = f" và {len(outputs) - LISTED_OUTPUTS} văn bản, sản phẩm khác" if len(outputs) > LISTED_OUTPUTS else ""
        lines.append(f"Sản phẩm: {listed}{more}.")
    if item.accepted < item.expected:
        lines.append(f"Còn {item.expected - item.accepted}/{item.expected} cơ quan, đơn vị chưa có báo cáo được "
                     f"chấp nhận.")
    return lines


def root_themes(progress: CycleProgress) -> list[tuple[object, list[TaskProgress]]]:
    """Tasks grouped under their top-level theme (VIII.5 under VIII), in plan order."""
    groups: dict[int, tuple[object, list]] = {}
    for item in progress.tasks:
        theme = item.task.theme
        root = theme.parent if theme.parent_id else theme
        while getattr(root, "parent_id", None):   # deeper plans: climb the rest of the way
            root = root.parent
        groups.setdefault(root.pk, (root, []))[1].append(item)
    return list(groups.values())


def _consolidated(progress: CycleProgress, field_name: str) -> list[str]:
    """Difficulties or proposals, one line per body, identical texts said once with every body named."""
    by_text: dict[str, list[str]] = {}
    for item in progress.tasks:
        for report in item.reports:
            text = sentence(getattr(report, field_name), 400)
            if text:
                names = by_text.setdefault(text, [])
                if _short(report.organization) not in names:
                    names.append(_short(report.organization))
    lines = []
    for text, names in by_text.items():
        who = ", ".join(names[:5]) + (f" và {len(names) - 5} đơn vị khác" if len(names) > 5 else "")
        lines.append(f"- {who}: {text}.")
    return lines


def guidance_line(item: TaskProgress, successors: dict) -> str:
    task = item.task
    ministry = task.guidance_from.name if task.guidance_from_id else (task.guidance_from_as_written or "Trung ương")
    now = successors.get(task.guidance_from_id) or []
    after = f" (nay là {', '.join(o.name for o in now)})" if now else ""
    return f"- Nhiệm vụ {task.ref} – {task_text(task)}: chờ hướng dẫn của {ministry}{after}."


def recipients(cycle) -> list[str]:
    from xanh.organizations.models import Organization
    from xanh.organizations.registry import Registry

    ministry = Organization.objects.filter(code=REPORT_MINISTRY, province__isnull=True).first()
    lines = []
    if ministry is not None:
        carriers = Registry.load(cycle.plan.province).carriers(ministry, cycle.reference_date)
        name = carriers[0].organization.name if carriers else ministry.name
        lines.append(f"- {name} (để báo cáo);")
    lines += ["- Thường trực Tỉnh ủy, Thường trực HĐND tỉnh (để báo cáo);",
              "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
              "- Các sở, ban, ngành cấp tỉnh;",
              "- UBND các xã, phường;",
              "- Lưu: VT."]
    return lines


# ---- the sections of each document ----

ANNUAL_KEYS = {"direction": "I", "overview": "II.1", "difficulties": "III", "next_year": "IV", "proposals": "V",
               "recipients": "Nơi nhận"}
REVIEW_KEYS = {"overview": "I", "delivered": "II", "behind": "III", "guidance": "IV", "proposals": "V",
               "recipients": "Nơi nhận"}


def keys_for(cycle, kind: str) -> dict[str, str]:
    """key → a short label of every section the document can have, without computing it (one query)."""
    if kind != "annual":
        return dict(REVIEW_KEYS)
    keys = dict(ANNUAL_KEYS)
    for code in cycle.plan.themes.filter(parent__isnull=True, removed_in__isnull=True).values_list("code", flat=True):
        keys[f"theme:{code}"] = f"II. {code}"
    return keys


def sections(context: Context) -> list[tuple[str, str, str]]:
    """(key, title, generated text) in document order."""
    if context.kind == "annual":
        return annual_sections(context)
    return review_sections(context)


def _direction(cycle) -> str:
    plan = cycle.plan
    notified = f"ngày {cycle.notified_at:%d/%m/%Y}" if cycle.notified_at else "đầu kỳ báo cáo"
    return "\n".join([
        f"Thực hiện Quyết định số {plan.number} ngày {plan.date:%d/%m/%Y} của {plan.issuer_name} ban hành "
        f"{plan.title}, {notified}, cơ quan đầu mối đã đề nghị {{{{so_co_quan}}}} cơ quan, đơn vị báo cáo "
        f"tình hình thực hiện năm {cycle.year} trước ngày {cycle.body_deadline:%d/%m/%Y}.",
        "Đến ngày lập báo cáo, đã nhận {{bao_cao_da_nhan}}/{{bao_cao_phai_nop}} báo cáo nhiệm vụ "
        "({{bao_cao_dung_han}} báo cáo đúng hạn, {{bao_cao_nop_muon}} báo cáo nộp muộn); "
        "{{co_quan_chua_bao_cao}} cơ quan, đơn vị còn báo cáo chưa gửi (danh sách tại Phụ lục).",
    ])


OVERVIEW = "\n".join([
    "Năm {{nam}}, Kế hoạch có {{tong_nhiem_vu}} nhiệm vụ được theo dõi. Trong đó: {{hoan_thanh}} nhiệm vụ đã "
    "hoàn thành (chiếm {{ty_le_hoan_thanh}}%), gồm {{hoan_thanh_dung_han}} nhiệm vụ hoàn thành đúng tiến độ "
    "và {{hoan_thanh_muon}} nhiệm vụ hoàn thành nhưng chậm so với tiến độ; {{thuong_xuyen}} nhiệm vụ thực hiện "
    "thường xuyên; {{dung_tien_do}} nhiệm vụ đang triển khai đúng tiến độ; {{cham_tien_do}} nhiệm vụ chậm "
    "tiến độ; {{chua_trien_khai}} nhiệm vụ chưa triển khai; {{cho_huong_dan}} nhiệm vụ đang chờ hướng dẫn của "
    "Trung ương; {{chua_co_bao_cao}} nhiệm vụ chưa có báo cáo được chấp nhận.",
    "Tỷ lệ nhiệm vụ hoàn thành đúng hạn đạt {{ty_le_hoan_thanh_dung_han}}%; tỷ lệ báo cáo nộp đúng hạn "
    "đạt {{ty_le_nop_dung_han}}%.",
])


def annual_sections(context: Context) -> list[tuple[str, str, str]]:
    cycle, progress = context.cycle, context.progress
    result = [("direction", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH VÀ TỔ CHỨC BÁO CÁO", _direction(cycle)),
              ("overview", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ – 1. Đánh giá chung", OVERVIEW)]
    for number, (theme, items) in enumerate(root_themes(progress), start=2):
        lines = [line for item in items for line in task_paragraphs(item)]
        result.append((f"theme:{theme.code}", f"{number}. {theme.code}. {theme.title}", "\n".join(lines)))
    difficulties = _consolidated(progress, "difficulties") or ["- Không có khó khăn, vướng mắc được báo cáo."]
    behind = [item for item in progress.tasks if item.status in (S.BEHIND, S.NOT_STARTED)]
    if behind:
        difficulties.append(f"- Còn {{{{cham_tien_do}}}} nhiệm vụ chậm tiến độ và {{{{chua_trien_khai}}}} nhiệm vụ "
                            f"chưa triển khai: {', '.join(item.task.ref for item in behind)}.")
    result.append(("difficulties", "III. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC", "\n".join(difficulties)))
    ahead = ["- Tiếp tục thực hiện các nhiệm vụ chưa hoàn thành, tập trung vào {{cham_tien_do}} nhiệm vụ chậm tiến "
             "độ và {{chua_trien_khai}} nhiệm vụ chưa triển khai." if behind
             else "- Tiếp tục thực hiện các nhiệm vụ theo Kế hoạch."]
    awaiting = [item for item in progress.tasks if item.status == S.AWAITING_GUIDANCE]
    if awaiting:
        ahead.append("- Theo dõi, triển khai ngay khi có hướng dẫn của Trung ương đối với {{cho_huong_dan}} nhiệm vụ: "
                     f"{', '.join(item.task.ref for item in awaiting)}.")
    ahead.append(f"- Các cơ quan, đơn vị báo cáo kết quả năm {cycle.year + 1} đúng hạn, đầy đủ sản phẩm đầu ra.")
    result.append(("next_year", f"IV. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM NĂM {cycle.year + 1}", "\n".join(ahead)))
    proposals = _consolidated(progress, "proposals") or ["- Không có kiến nghị, đề xuất."]
    result.append(("proposals", "V. KIẾN NGHỊ, ĐỀ XUẤT", "\n".join(proposals)))
    result.append(("recipients", "Nơi nhận", "\n".join(recipients(cycle))))
    return result


REVIEW_OVERVIEW = "\n".join([
    "Tính đến năm {{nam}}, Kế hoạch có {{tong_nhiem_vu}} nhiệm vụ được theo dõi: {{hoan_thanh}} nhiệm vụ đã hoàn "
    "thành ({{ty_le_hoan_thanh}}%), {{thuong_xuyen}} nhiệm vụ thực hiện thường xuyên, {{dung_tien_do}} nhiệm vụ "
    "đúng tiến độ, {{cham_tien_do}} nhiệm vụ chậm tiến độ, {{chua_trien_khai}} nhiệm vụ chưa triển khai, "
    "{{cho_huong_dan}} nhiệm vụ chờ hướng dẫn của Trung ương và {{chua_co_bao_cao}} nhiệm vụ chưa có báo cáo "
    "được chấp nhận.",
    "Tình trạng từng nhiệm vụ qua các năm được đánh dấu theo màu tại Phụ lục: xanh – đúng tiến độ, thường xuyên "
    "hoặc đã hoàn thành; vàng – chậm tiến độ hoặc hoàn thành muộn; đỏ – chưa triển khai hoặc không có báo cáo; "
    "xám – chờ hướng dẫn của Trung ương hoặc chưa đến thời hạn.",
])


def review_sections(context: Context) -> list[tuple[str, str, str]]:
    cycle, progress = context.cycle, context.progress
    word = "giữa kỳ" if context.kind == "midterm" or cycle.kind == CycleKind.MIDTERM else "cuối kỳ"
    delivered = []
    for item in progress.tasks:
        if item.outputs:
            listed = "; ".join(output_line(o) for o in item.outputs[:LISTED_OUTPUTS])
            delivered.append(f"- Nhiệm vụ {item.task.ref}: {listed}.")
    behind = []
    for item in progress.tasks:
        if light(item.status, item.task, cycle.year) in ("red", "amber"):
            reasons = "; ".join(dict.fromkeys(sentence(r.difficulties, 300) for r in item.reports
                                              if r.difficulties.strip())) or "chưa nêu nguyên nhân"
            behind.append(f"- Nhiệm vụ {item.task.ref} – {task_text(item.task)}: {lower_first(item.label)}. "
                          f"Nguyên nhân: {reasons}.")
    waiting = [guidance_line(item, context.successors) for item in progress.tasks if item.task.awaits_guidance]
    return [
        ("overview", f"I. ĐÁNH GIÁ CHUNG {word.upper()}", REVIEW_OVERVIEW),
        ("delivered", "II. CÁC SẢN PHẨM ĐÃ HOÀN THÀNH", "\n".join(delivered) or "- Chưa có sản phẩm được báo cáo."),
        ("behind", "III. CÁC NHIỆM VỤ CHẬM TIẾN ĐỘ VÀ NGUYÊN NHÂN",
         "\n".join(behind) or "- Không có nhiệm vụ chậm tiến độ."),
        ("guidance", "IV. CÁC NHIỆM VỤ CHỜ HƯỚNG DẪN CỦA TRUNG ƯƠNG",
         "\n".join(waiting) or "- Không có nhiệm vụ chờ hướng dẫn."),
        ("proposals", "V. KIẾN NGHỊ, ĐỀ XUẤT",
         "\n".join(_consolidated(progress, "proposals")) or "- Không có kiến nghị, đề xuất."),
        ("recipients", "Nơi nhận", "\n".join(recipients(cycle))),
    ]


def status_word(status: str) -> str:
    from xanh.reporting.progress import status_label

    return "Chưa có báo cáo" if status == NO_REPORT else str(status_label(status))
