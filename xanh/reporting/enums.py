from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final review")
    ADHOC = "adhoc", _("Ad hoc report")


class CycleState(models.TextChoices):
    PREPARING = "preparing", _("Preparing — expected list under review")
    OPEN = "open", _("Open — bodies are reporting")
    CLOSED = "closed", _("Closed")


class ReportState(models.TextChoices):
    """Where a task report is in its workflow."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting the body's approval")
    APPROVED = "approved", _("Approved by the body, awaiting the coordinator")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class ImplementationStatus(models.TextChoices):
    """The words officers use for where a task stands (Vietnamese labels in the catalogue)."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("In progress, on schedule")
    BEHIND = "behind", _("Behind schedule")
    DONE_ON_TIME = "done_on_time", _("Completed on time")
    DONE_LATE = "done_late", _("Completed, but late")
    RECURRING = "recurring", _("Carried out regularly")
    AWAITING_GUIDANCE = "awaiting_guidance", _("Waiting for central guidance")


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("Overdue")
    MANUAL = "manual", _("Sent by the coordinator")


class ContributionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SHARED = "shared", _("Sent to the lead body")
