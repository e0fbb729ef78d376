"""Demo documents: the 2025 annual report and mid-term review pack, issued and published.

The demo's 2025 cycle is closed and published, so the public portal has a report to offer; the
files are built from the demo reports (themselves marked as illustrations) by the real builders.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from xanh.core.services import SYSTEM
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.documents.models import ReportFile
from xanh.documents.services import issue_files
from xanh.reporting.enums import CycleKind
from xanh.reporting.models import Cycle


def load_documents_demo(plan) -> list[str]:
    """Idempotent: does nothing once the 2025 cycle has files."""
    cycle = Cycle.objects.filter(plan=plan, kind=CycleKind.ANNUAL, year=2025, is_public=True).first()
    if cycle is None or ReportFile.objects.filter(cycle=cycle).exists():
        return []
    coordinator = get_user_model().objects.filter(username="dieuphoi").first() or SYSTEM
    files = []
    for kind in (DocumentKind.ANNUAL, DocumentKind.MIDTERM):
        files += issue_files(coordinator, cycle, kind, publish=True, formats=[FileFormat.DOCX, FileFormat.XLSX])
    return [_("Published on the portal for %(cycle)s: %(files)s.") % {
        "cycle": cycle, "files": ", ".join(f.name for f in files)}]
