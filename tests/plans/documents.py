"""Building plan files the way other provinces send them, for the importer's tests."""

import io

from docx import Document

from xanh.plans.enums import AssignmentRole

HEADER = ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA", "Số: {number}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Thanh Hóa, ngày 18 tháng 10 năm 2023", "QUYẾT ĐỊNH",
          "Ban hành {title}", "tỉnh Thanh Hóa giai đoạn 2021 - 2030", "",
          "ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Đức Giang"]
COLUMNS = ["Thời gian thực hiện", "STT", "Đơn vị phối hợp", "Nhiệm vụ, hoạt động cụ thể", "Đơn vị chủ trì",
           "Sản phẩm", "Ghi chú"]


def _cells(task):
    leads = "; ".join(a.as_written for a in task.assignments.all() if a.role == AssignmentRole.LEAD)
    coordinating = "; ".join(a.as_written for a in task.assignments.all() if a.role == AssignmentRole.COORDINATING)
    return {"Thời gian thực hiện": task.time_frame, "STT": f"{task.number}.", "Đơn vị phối hợp": coordinating,
            "Nhiệm vụ, hoạt động cụ thể": task.text, "Đơn vị chủ trì": leads, "Sản phẩm": task.products_as_written,
            "Ghi chú": task.note}


def plan_docx(plan, number="3825/QĐ-UBND", title="Kế hoạch hành động về tăng trưởng xanh", split_every=20,
              header_table=False) -> bytes:
    """The plan as a Word decision: appendix columns in another order, theme rows merged across
    the table, task numbers written "1.", the table split in two at a page break; with
    `header_table`, the issuer, number, motto and date in the usual two-column header table."""
    document = Document()
    lines = [line.format(number=number, title=title) for line in HEADER]
    if header_table:
        header = document.add_table(rows=2, cols=2)
        header.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA"
        header.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        header.rows[1].cells[0].text = f"Số: {number}"
        header.rows[1].cells[1].text = "Thanh Hóa, ngày 18 tháng 10 năm 2023"
        lines = lines[5:]
    for line in lines:
        document.add_paragraph(line)
    document.add_paragraph("Phụ lục")
    themes = list(plan.themes.order_by("order"))
    tasks = list(plan.tasks.filter(removed_in__isnull=True).prefetch_related("assignments"))
    rows = []
    for theme in themes:
        rows.append(("theme", f"{theme.code}. {theme.title_as_written}"))
        rows.extend(("task", _cells(t)) for t in tasks if t.theme_id == theme.pk)
    chunks = [rows[:split_every], rows[split_every:]]
    for chunk in chunks:
        table = document.add_table(rows=1, cols=len(COLUMNS))
        for index, name in enumerate(COLUMNS):
            table.rows[0].cells[index].text = name
        for kind, value in chunk:
            row = table.add_row()
            if kind == "theme":
                merged = row.cells[0].merge(row.cells[-1])
                merged.text = value
            else:
                for index, name in enumerate(COLUMNS):
                    cell = row.cells[index]
                    lines = value[name].split("\n")
                    cell.text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
