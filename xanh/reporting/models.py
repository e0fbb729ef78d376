"""Reporting cycles, the reports bodies owe in them, what they delivered, and their contributions.

A cycle (annual, mid-term, final, ad hoc) is opened for a plan and a year; opening it writes
one TaskReport per task active that year and per lead body *as it exists on the cycle's
reference date*. Reports stay attributed to the body that wrote them, whatever happens to it
later; accepted reports are locked until the coordinator reopens them.
"""

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xanh.core.models import Versioned
from xanh.core.querysets import RestrictedQuerySet
from xanh.organizations.models import Organization
from xanh.plans.enums import ProductKind
from xanh.plans.models import Plan, Task
from xanh.reporting.access import ContributionQuerySet, CycleQuerySet, EvidenceQuerySet, ReportQuerySet
from xanh.reporting.enums import (
    ContributionState,
    CycleKind,
    CycleState,
    ImplementationStatus,
    ReminderKind,
    ReportState,
)


class Cycle(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=CycleKind.choices, default=CycleKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    reference_date = models.DateField(_("reference date"), help_text=_(
        "Bodies are resolved as they exist on this date (mergers, abolitions, group members)."))
    period_start = models.DateField(_("data from"))
    period_end = models.DateField(_("data to"))
    body_deadline = models.DateField(_("deadline for bodies"))
    province_deadline = models.DateField(_("deadline for the province"))
    remind_days_before = models.PositiveSmallIntegerField(_("remind this many days before the deadline"), default=7)
    state = models.CharField(_("state"), max_length=10, choices=CycleState.choices, default=CycleState.PREPARING)
    is_public = models.BooleanField(_("published"), default=False)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    notified_at = models.DateTimeField(_("bodies notified"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "year"], condition=~models.Q(kind=CycleKind.ADHOC),
                                    name="cycle_one_per_kind_and_year"),
        ]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{label} {self.year}"

    @property
    def deadline_end(self) -> datetime:
        """The last moment a delivery counts as on time: the end of the deadline day, local time."""
        return timezone.make_aware(datetime.combine(self.body_deadline, time.max))

    @property
    def is_open(self) -> bool:
        return self.state == CycleState.OPEN


class TaskReport(Versioned):
    """What one body reports on one task in one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reports", verbose_name=_("cycle"))
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports", verbose_name=_("task"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="task_reports",
                                     verbose_name=_("body"))
    origin = models.JSONField(_("why this body reports"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    status = models.CharField(_("implementation status"), max_length=20, choices=ImplementationStatus.choices,
                              blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    budget_used = models.DecimalField(_("budget used (VND)"), max_digits=18, decimal_places=0, null=True,
                                      blank=True)
    is_estimate = models.BooleanField(_("figures are estimates, to be revised after the cut-off"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    delivered_at = models.DateTimeField(_("delivered to the coordinator"), null=True, blank=True,
                                        help_text=_("The first time the body's approval sent it to the coordinator."))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "task__theme__order", "task__number", "organization__name"]
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")
        constraints = [models.UniqueConstraint(fields=["cycle", "task", "organization"], name="report_unique")]
        indexes = [models.Index(fields=["cycle", "organization", "state"], name="report_cycle_body_idx")]

    def __str__(self):
        return f"{self.task.ref} · {self.organization.short_name or self.organization.name} · {self.cycle}"

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED) and self.cycle.state == CycleState.OPEN

    @property
    def is_started(self) -> bool:
        return self.updated_at is not None

    @property
    def on_time(self) -> bool | None:
        """Computed from the delivery timestamp, never typed; None while not delivered."""
        if self.delivered_at is None:
            return None
        return self.delivered_at <= self.cycle.deadline_end


class Evidence(models.Model):
    """A stored file: sniffed type, sanitised name, kept outside static files, served to those allowed."""

    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")

    def __str__(self):
        return self.original_name


class Output(models.Model):
    """A document delivered for a task: kind from the plan's vocabulary, number, date, issuer, file, and
    the link to the public document (evidence files may be internal; the portal links to `url`)."""

    report = models.ForeignKey(TaskReport, on_delete=models.CASCADE, related_name="outputs")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=24, choices=ProductKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 123/KH-UBND"))
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    title = models.TextField(_("title or summary"), blank=True)
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs",
                                 verbose_name=_("file"))
    url = models.URLField(_("link"), max_length=500, blank=True,
                          help_text=_("Link to the public document (shown on the public portal)."))

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("output")

    def __str__(self):
        parts = [self.get_kind_display()]
        if self.number:
            parts.append(self.number)
        if self.date:
            parts.append(self.date.strftime("%d/%m/%Y"))
        return " ".join(parts)


class Contribution(Versioned):
    """What a coordinating body adds to a task; the lead body reads it while consolidating."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="contributions")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="contributions")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contributions",
                                     verbose_name=_("body"))
    text = models.TextField(_("contribution"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ContributionState.choices,
                             default=ContributionState.DRAFT)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "task", "organization__name"]
        verbose_name = _("contribution")
        constraints = [models.UniqueConstraint(fields=["cycle", "task", "organization"], name="contribution_unique")]

    def __str__(self):
        return f"{self.task.ref} · {self.organization.short_name or self.organization.name}"


class ReminderQuerySet(RestrictedQuerySet):
    """The coordinator sees every reminder; a body's officers see those sent to their body."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator
        from xanh.reporting.access import bodies_of

        if is_coordinator(user):
            return self
        if action != "view":
            return self.none()
        return self.filter(organization_id__in=bodies_of(user))


class Reminder(models.Model):
    """One reminder to one body in one cycle: who was written to (none: the body could not be
    reached) and how many reports were missing. `key` makes scheduled reminders idempotent."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("cycle"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reminders",
                                     verbose_name=_("body"))
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("sent by"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    missing_count = models.PositiveIntegerField(_("reports missing"), default=0)
    key = models.CharField(max_length=200, unique=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["cycle", "sent_at"], name="reminder_cycle_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.organization.short_name or self.organization.name} · {self.cycle}"

    @property
    def reached(self) -> bool:
        return bool(self.recipients)
