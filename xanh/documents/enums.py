from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a provincial document is: the annual report, or a review pack."""

    ANNUAL = "annual", _("Annual provincial report")
    MIDTERM = "midterm", _("Mid-term review pack")
    FINAL = "final", _("Final review pack")


class FileFormat(models.TextChoices):
    DOCX = "docx", "DOCX (Word)"
    XLSX = "xlsx", "XLSX (Excel)"
    PDF = "pdf", "PDF"
