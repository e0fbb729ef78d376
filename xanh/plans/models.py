"""Plans, their themes and tasks, who is assigned, and what each import found and changed.

A plan keeps every imported version (raw source, parsed snapshot, changes); tasks keep
their identity (theme code + number) across versions and are never deleted: a task an
amended plan drops is marked removed in that version.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xanh.core.models import Versioned
from xanh.core.querysets import RestrictedQuerySet
from xanh.organizations.models import Organization, OrgGroup
from xanh.organizations.resolver import MatchMethod
from xanh.plans.enums import AssignmentRole, CandidateStatus, FindingKind, FindingStatus, PlanState


class PlanQuerySet(RestrictedQuerySet):
    """Coordinators see every plan; members see plans in force or closed; the public sees those
    of them that are published. A draft under review is the coordinator's alone, published or not."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator, is_member

        if is_coordinator(user):
            return self
        if action != "view":
            return self.none()
        settled = self.filter(state__in=[PlanState.ACTIVE, PlanState.CLOSED])
        return settled if is_member(user) else settled.filter(is_public=True)


class Plan(Versioned):
    province = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="plans",
                                 verbose_name=_("province"))
    issuer_name = models.TextField(_("issuer"))
    number = models.CharField(_("decision number"), max_length=64)
    date = models.DateField(_("decision date"))
    title = models.TextField(_("title"))
    signer = models.TextField(_("signed by"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("period from"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period to"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    is_public = models.BooleanField(_("published"), default=False)
    latest_seq = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return f"{self.number} — {self.title}"


class ByPlanQuerySet(RestrictedQuerySet):
    """Rows that belong to a plan are visible exactly when their plan is."""

    plan_path = "plan"

    def _restrict(self, user, action):
        plans = Plan.objects.restrict(user, action)
        return self.filter(**{f"{self.plan_path}__in": plans})


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    seq = models.PositiveIntegerField(_("version"))
    number = models.CharField(_("decision number"), max_length=64)
    date = models.DateField(_("decision date"))
    title = models.TextField(_("title"))
    source_name = models.TextField(_("file"))
    source_format = models.CharField(_("format"), max_length=10)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    source_file = models.BinaryField(editable=False)
    raw_text = models.TextField(_("source text"), blank=True)
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ByPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="plan_version_unique")]

    def __str__(self):
        return f"{self.plan.number} v{self.seq}"


class Theme(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    title_as_written = models.TextField(_("title as written"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    order = models.PositiveIntegerField(default=0)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    removed_in = models.PositiveIntegerField(null=True, blank=True)

    objects = ByPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="theme_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class Task(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("number"))
    ref = models.CharField(_("reference"), max_length=30)
    text = models.TextField(_("task"))
    text_as_written = models.TextField(_("task as written"))
    time_frame = models.TextField(_("time frame"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    products = models.JSONField(_("expected products"), default=list, blank=True)
    products_as_written = models.TextField(_("products as written"), blank=True)
    note = models.TextField(_("note"), blank=True)
    awaits_guidance = models.BooleanField(_("waits for central guidance"), default=False)
    guidance_from_as_written = models.TextField(_("guidance expected from"), blank=True)
    guidance_from = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="awaited_by", verbose_name=_("guidance expected from"))
    guidance_clause = models.TextField(_("condition as written"), blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    source_ref = models.CharField(_("source location"), max_length=100, blank=True)
    source_row = models.TextField(_("source row"), blank=True)
    search_text = models.TextField(editable=False, default="")
    added_in = models.PositiveIntegerField(default=1)
    removed_in = models.PositiveIntegerField(null=True, blank=True)

    objects = ByPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "theme__order", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="task_ref_unique")]

    def __str__(self):
        return f"{self.ref} {self.text[:80]}"


class ByTaskQuerySet(ByPlanQuerySet):
    plan_path = "task__plan"


class Assignment(Versioned):
    """One assignee of a task as written in the decision, and the body or group it resolves to."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=12, choices=AssignmentRole.choices)
    position = models.PositiveSmallIntegerField(default=0)
    as_written = models.TextField(_("as written"))
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="assignments", verbose_name=_("body"))
    group = models.ForeignKey(OrgGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="assignments", verbose_name=_("group"))
    confidence = models.FloatField(_("confidence"), default=0.0)
    method = models.CharField(_("how it was resolved"), max_length=12, choices=MatchMethod.choices)
    suggestions = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ByTaskQuerySet.as_manager()

    class Meta:
        ordering = ["task", "-role", "position"]  # "lead" sorts after "coordinating": lead first

    def __str__(self):
        return f"{self.task.ref} {self.get_role_display()}: {self.as_written}"

    @property
    def target(self):
        return self.organization or self.group

    @property
    def needs_review(self) -> bool:
        return self.reviewed_at is None and self.confidence < 1.0


class TargetCandidate(models.Model):
    """A number with a unit found in a task's text: a quantitative target to confirm."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="target_candidates")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.TextField(_("unit"))
    per = models.CharField(_("per"), max_length=20, blank=True)
    as_written = models.TextField(_("as written"))
    status = models.CharField(_("status"), max_length=10, choices=CandidateStatus.choices,
                              default=CandidateStatus.PROPOSED)

    objects = ByTaskQuerySet.as_manager()

    class Meta:
        ordering = ["task", "pk"]

    def __str__(self):
        return self.as_written


class Finding(models.Model):
    """Something an import noticed in the source: a defect with a proposed fix, or a doubt."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="findings")
    seq = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=30, choices=FindingKind.choices)
    params = models.JSONField(default=dict)
    location = models.CharField(_("where"), max_length=100, blank=True)
    proposed_fix = models.TextField(_("proposed fix"), blank=True)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ByPlanQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "status", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.location}"

    @property
    def message(self) -> str:
        from xanh.plans.findings import describe

        return describe(self)
