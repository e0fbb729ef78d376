"""The coordinator's edits to a provincial document, and the files published from it.

A section holds text only once the coordinator edits it; until then the document uses the text
generated from the accepted reports, so an untouched section always follows the data. An edited
section remembers the fingerprint of the data it was written against, so the page can say when
reports changed after the edit.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xanh.core.models import Versioned
from xanh.core.querysets import RestrictedQuerySet
from xanh.documents.enums import DocumentKind, FileFormat
from xanh.reporting.models import Cycle


class SectionQuerySet(RestrictedQuerySet):
    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator
        from xanh.reporting.access import sees_all_delivered

        if is_coordinator(user):
            return self
        if action == "view" and sees_all_delivered(user):
            return self
        return self.none()


class ReportSection(Versioned):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="report_sections")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    key = models.CharField(_("section"), max_length=40)
    text = models.TextField(_("text"))
    data_fingerprint = models.CharField(max_length=64, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    objects = SectionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "kind", "key"], name="report_section_unique")]

    def __str__(self):
        return f"{self.cycle} · {self.kind} · {self.key}"


class ReportFileQuerySet(RestrictedQuerySet):
    """Coordinators and leadership see every file; everyone else only published files of published cycles."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator
        from xanh.reporting.access import sees_all_delivered

        if is_coordinator(user):
            return self
        if action != "view":
            return self.none()
        if sees_all_delivered(user):
            return self
        return self.filter(is_public=True, cycle__is_public=True, cycle__plan__is_public=True)


class ReportFile(models.Model):
    """A built document kept as issued: what the portal offers and what was sent."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="report_files")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    file = models.FileField(upload_to="reports/%Y/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(_("published"), default=False)
    built_at = models.DateTimeField(_("built"), default=timezone.now)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        ordering = ["-built_at", "-pk"]

    def __str__(self):
        return self.name
