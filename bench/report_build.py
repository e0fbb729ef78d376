"""Building the annual provincial report for a full cycle, against writing the same text with python-docx alone.

The cycle: Thanh Hóa's plan (84 tasks), the 2026 annual cycle with every expected report accepted
(2 600+ reports from 186 bodies, plus one report on the task whose time frame ended in 2023 so that
all 84 tasks are in), each with a narrative of a few sentences, one to three outputs, and
difficulties and proposals for some. Reports are filled in bulk (this measures the build, not the
workflow). Timed:

- the annual DOCX through `builders.build` (the content read from the database + the render);
- python-docx alone writing the same paragraphs and the same table cells (text extracted from the
  built document beforehand), with no styling: the baseline;
- the XLSX through `builders.build`, against openpyxl alone writing the same cells;
- the mid-term review pack (DOCX) for comparison.

    .venv/bin/python bench/report_build.py [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xanh_bench_docs .venv/bin/python bench/report_build.py
"""

import argparse
import datetime
import io
import random

from common import postgres_database, ratio, setup_django, summary, timed

STATUSES = ["done_on_time"] * 3 + ["done_late", "recurring", "recurring", "on_track", "on_track", "on_track",
                                   "behind", "behind", "not_started", "awaiting_guidance"]
ACTIONS = ["Đã ban hành kế hoạch triển khai và giao nhiệm vụ cho các phòng chuyên môn",
           "Đã tổ chức {n} hội nghị quán triệt, tập huấn cho khoảng {m} lượt cán bộ, công chức",
           "Đã lồng ghép nội dung tăng trưởng xanh vào chương trình công tác năm của đơn vị",
           "Đã phối hợp với các sở, ngành rà soát các cơ chế, chính sách liên quan",
           "Đã xây dựng dự thảo đề án, đang lấy ý kiến các cơ quan, đơn vị có liên quan",
           "Đã triển khai thí điểm {n} mô hình tại các xã, phường trên địa bàn",
           "Đã đăng tải {m} tin, bài tuyên truyền trên cổng thông tin điện tử của đơn vị"]
DIFFICULTIES = ["Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng yêu cầu triển khai.",
                "Chưa có hướng dẫn chi tiết của bộ, ngành Trung ương.",
                "Nhân lực làm công tác tăng trưởng xanh còn kiêm nhiệm, thiếu kinh nghiệm."]
PROPOSALS = ["Đề nghị UBND tỉnh bố trí kinh phí thực hiện nhiệm vụ trong dự toán năm sau.",
             "Đề nghị Sở Tài chính hướng dẫn cơ chế lồng ghép nguồn vốn.",
             "Đề nghị tổ chức tập huấn chuyên sâu cho cán bộ đầu mối các đơn vị."]


def fill_cycle():
    """Open the 2026 cycle and accept every expected report, with realistic text, in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from tests.personas import load_registry, seed_bytes
    from xanh.core.services import SYSTEM
    from xanh.organizations.models import Organization
    from xanh.plans.enums import ProductKind
    from xanh.plans.services import import_plan
    from xanh.reporting.enums import ReportState
    from xanh.reporting.models import Output, TaskReport
    from xanh.reporting.services import add_expected, notify_bodies, open_cycle

    rng = random.Random(2026)
    load_registry()
    plan = import_plan(SYSTEM, seed_bytes(), "3825-QD-UBND-2023.txt", activate=True).plan
    cycle = open_cycle(SYSTEM, plan, year=2026)
    cycle = notify_bodies(SYSTEM, cycle, cycle.version)
    reported = set(cycle.reports.values_list("task_id", flat=True))
    coordinator = Organization.objects.get(code="th-stc")
    for task in plan.tasks.exclude(pk__in=reported):  # a task whose time frame has ended: asked for anyway
        add_expected(SYSTEM, cycle, task, coordinator)
    now = timezone.make_aware(datetime.datetime(2026, 11, 10, 9))
    kinds = [ProductKind.PLAN, ProductKind.REPORT, ProductKind.OFFICIAL_LETTER, ProductKind.DECISION]
    reports = list(cycle.reports.select_related("organization", "task"))
    outputs = []
    for report in reports:
        report.status = rng.choice(STATUSES)
        report.progress = 100 if report.status.startswith("done") else rng.randrange(0, 95, 5)
        sentences = [rng.choice(ACTIONS).format(n=rng.randint(2, 9), m=rng.randint(50, 900))
                     for _ in range(rng.randint(2, 4))]
        report.results = f"Thực hiện nhiệm vụ {report.task.ref}: " + "; ".join(sentences) + "."
        report.difficulties = rng.choice(DIFFICULTIES) if rng.random() < 0.4 else ""
        report.proposals = rng.choice(PROPOSALS) if rng.random() < 0.3 else ""
        report.state = ReportState.ACCEPTED
        report.submitted_at = report.approved_at = report.delivered_at = report.accepted_at = now
        short = "".join(w[0] for w in (report.organization.short_name or report.organization.name).split()).upper()
        for position in range(rng.randint(1, 3)):
            outputs.append(Output(report=report, position=position, kind=rng.choice(kinds),
                                  number=f"{rng.randint(1, 400)}/KH-{short}",
                                  date=datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                                  issuer=report.organization.name,
                                  title=f"Triển khai nhiệm vụ {report.task.ref} của Kế hoạch tăng trưởng xanh"))
    with transaction.atomic():
        TaskReport.objects.bulk_update(reports, ["status", "progress", "results", "difficulties", "proposals",
                                                 "state", "submitted_at", "approved_at", "delivered_at",
                                                 "accepted_at"], batch_size=500)
        Output.objects.bulk_create(outputs, batch_size=500)
    return cycle, len(reports), len(outputs)


def docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs and the tables' cells of a built DOCX, to write again with python-docx alone."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def plain_docx(paragraphs, tables) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plain_xlsx(sheets) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for position, rows in enumerate(sheets):
        sheet = book.active if position == 0 else book.create_sheet()
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(repeat: int) -> None:
    setup_django()
    from openpyxl import load_workbook

    from xanh.documents.builders import build
    from xanh.documents.content import build_content

    cycle, report_count, output_count = fill_cycle()
    built = build(None, cycle, "annual", "docx")
    progress = built.content.progress
    paragraphs, tables = docx_text(built.data)
    cells = sum(len(row) for rows in tables for row in rows)
    book = load_workbook(io.BytesIO(build(None, cycle, "annual", "xlsx").data))
    sheets = [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]

    content = timed(lambda: build_content(None, cycle, "annual"), repeat)
    annual = timed(lambda: build(None, cycle, "annual", "docx"), repeat)
    baseline = timed(lambda: plain_docx(paragraphs, tables), repeat)
    workbook = timed(lambda: build(None, cycle, "annual", "xlsx"), repeat)
    workbook_baseline = timed(lambda: plain_xlsx(sheets), repeat)
    review = timed(lambda: build(None, cycle, "midterm", "docx"), repeat)

    print(f"== the annual provincial report: {progress.task_count} tasks, {report_count} accepted reports from "
          f"{len({r.organization_id for t in progress.tasks for r in t.reports})} bodies, {output_count} outputs")
    print(f"   DOCX {len(built.data) // 1024} KiB: {len(paragraphs)} paragraphs, {len(tables)} tables, {cells} cells; "
          f"XLSX {len(sheets)} sheets, {sum(len(rows) for rows in sheets)} rows")
    print(f"python-docx alone, same text      {summary(baseline)}")
    print(f"content only (database)           {summary(content)}")
    print(f"annual DOCX (content + render)    {summary(annual)}   ratio {ratio(annual, baseline):6.1f}×")
    print(f"mid-term review DOCX              {summary(review)}   ratio {ratio(review, baseline):6.1f}×")
    print(f"openpyxl alone, same cells        {summary(workbook_baseline)}")
    print(f"annual XLSX (content + render)    {summary(workbook)}   ratio {ratio(workbook, workbook_baseline):6.1f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    with postgres_database():   # DATABASE_URL naming PostgreSQL: that database, created and dropped if new
        main(parser.parse_args().repeat)
