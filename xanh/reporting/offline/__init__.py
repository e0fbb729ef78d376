"""Working offline in Excel: download the body's pre-filled workbook for a cycle, fill it, upload it back."""

from xanh.reporting.offline.export import can_download, export_body_xlsx, filename
from xanh.reporting.offline.importer import ImportOutcome, import_body_xlsx

__all__ = ["ImportOutcome", "can_download", "export_body_xlsx", "filename", "import_body_xlsx"]
