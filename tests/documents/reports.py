"""A 2026 cycle with accepted reports to build provincial documents from, written by the personas.

Sở NN&MT (reporter, then its approver), Sở Y tế and the commune (no approver account: their
submission delivers) fill reports through the services; the coordinator accepts them. One
report waits for central guidance, one is delivered late, one is delivered but not accepted,
and one body's results carry markup and control characters, to see that they stay plain text.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

import docx
from django.utils import timezone

from tests.reporting.cycles import CycleTestCase
from xanh.core.clock import frozen_at
from xanh.plans.enums import ProductKind
from xanh.reporting.enums import ReportState
from xanh.reporting.models import TaskReport
from xanh.reporting.services import OutputInput, accept, approve, save_report, submit

MARKUP = "Đã ban hành <b>x</b> & {{ y }}\x0b\x01 kế hoạch"
FORMULA = "=HYPERLINK(\"http://example.invalid\",\"bấm\")"
PLANNED = [
    # body, task, status, accepted?  — each task reported by one body only, so that its status is its report's
    ("th-snnmt", "II.4", "awaiting_guidance", True),
    ("th-snnmt", "V.6", "done_on_time", True),
    ("th-snnmt", "VIII.5.1", "behind", True),
    ("th-snnmt", "VII.2", "on_track", False),          # delivered, not accepted
    ("th-snnmt", "VIII.5.2", "done_on_time", True),
    ("th-snnmt", "VIII.5.3", "on_track", True),
    ("th-snnmt", "VIII.5.4", "behind", True),
    ("th-snnmt", "VIII.5.5", "behind", True),
    ("th-snnmt", "VIII.5.6", "not_started", True),
    ("th-snnmt", "VIII.5.7", "not_started", True),
    ("th-snnmt", "VIII.5.8", "recurring", True),
    ("th-syt", "III.2", "done_late", True),             # delivered late
    ("th-syt", "VIII.10.1", "recurring", True),
    ("th-syt", "VIII.10.2", "done_on_time", True),
    ("th-syt", "VIII.10.3", "on_track", True),
    ("th-syt", "III.3", "behind", True),
    ("th-syt", "VII.1", "not_started", True),
    ("th-xp-14797", "VIII.11.1", "not_started", True),
    ("th-xp-14797", "VI.1", "on_track", True),
    ("th-xp-14797", "VIII.2.4", "on_track", True),
    ("th-xp-14797", "VIII.3.1", "behind", True),
    ("th-xp-14797", "VIII.3.5", "not_started", True),
    ("th-xp-14797", "VIII.3.7", "not_started", True),
]
DETAILS = {
    "II.4": ({"results": "Chờ hướng dẫn của Bộ.", "proposals": "Đề nghị Bộ sớm ban hành hướng dẫn kỹ thuật."}, []),
    "V.6": ({"results": MARKUP}, [
        OutputInput(kind=ProductKind.PLAN, number="12/KH-SNNMT", date=datetime.date(2026, 3, 2),
                    issuer="Sở Nông nghiệp và Môi trường", title="Kế hoạch ứng dụng khoa học công nghệ xanh"),
        OutputInput(kind=ProductKind.REPORT, number="45/BC-SNNMT", date=datetime.date(2026, 9, 20),
                    title="Báo cáo sơ kết")]),
    "VIII.5.1": ({"progress": 30, "results": "Đã rà soát 12 mô hình sản xuất nông nghiệp hữu cơ.",
                  "difficulties": "Thiếu kinh phí triển khai mô hình.",
                  "proposals": "Bố trí kinh phí từ ngân sách tỉnh năm 2027."}, []),
    "VIII.5.2": ({"results": FORMULA}, []),
    "III.2": ({"results": "Tập huấn 150 cán bộ y tế về y tế xanh.",
               "difficulties": "Thiếu kinh phí triển khai mô hình."}, [
        OutputInput(kind=ProductKind.TRAINING, date=datetime.date(2026, 6, 1), title="Lớp tập huấn y tế xanh")]),
    "VIII.11.1": ({"difficulties": "Chưa có hướng dẫn của Sở."}, []),
}
LATE = "III.2"       # delivered after the 15/11 deadline
WRITERS = {"th-snnmt": "nnmt_reporter", "th-syt": "yte_reporter", "th-xp-14797": "commune"}


def moment(month, day, hour=10):
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


class ReportsTestCase(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for code, ref, status, accepted in PLANNED:
            fields, outputs = DETAILS.get(ref, ({}, []))
            fields = {"status": status, "results": f"Kết quả thực hiện nhiệm vụ {ref}.", **fields}
            writer = getattr(cls, WRITERS[code])
            report = TaskReport.objects.get(cycle=cls.cycle, task__ref=ref, organization__code=code)
            with frozen_at(moment(11, 20) if ref == LATE else moment(10, 5)):
                report = save_report(writer, report, report.version, fields, outputs=outputs)
                report = submit(writer, report, report.version)
                if report.state == ReportState.SUBMITTED:
                    report = approve(cls.nnmt_approver, report, report.version)
            if accepted:
                accept(cls.coordinator, report, report.version)

    def accepted(self):
        return TaskReport.objects.filter(cycle=self.cycle, state=ReportState.ACCEPTED)

    def db_counts(self) -> dict[str, int]:
        """Tasks by status straight from the database (not through xanh.reporting.progress):
        a task's status is its one accepted report's, "no_report" without one."""
        tasks = set(TaskReport.objects.filter(cycle=self.cycle).values_list("task_id", flat=True))
        statuses = {}
        for task_id, status in self.accepted().values_list("task_id", "status"):
            self.assertNotIn(task_id, statuses, "the fixture gives each task at most one accepted report")
            statuses[task_id] = status
        counts = Counter(statuses.values())
        counts["no_report"] = len(tasks - set(statuses))
        counts["total"] = len(tasks)
        return counts


# ---- reading DOCX files back


def read_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def table_rows(table) -> list[list[str]]:
    """The text of each row's cells, a merged cell once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        rows.append(cells)
    return rows


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend("\n".join(row) for row in table_rows(table))
    return "\n".join(parts)


def numbers_in(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*", text)
