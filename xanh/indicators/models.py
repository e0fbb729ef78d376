"""Indicators, their targets and observations.

An indicator is a measured quantity (forest cover, GHG intensity); a target says where it should be
by a year; an observation is one value for one period and area. Observations are never overwritten:
an estimate filed with the 15/11 report is superseded by the actual later, both kept; a value that
jumps implausibly is flagged for the coordinator, not refused.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xanh.core.enums import Confidence
from xanh.core.models import Versioned
from xanh.core.querysets import RestrictedQuerySet
from xanh.indicators.enums import Direction, FlagState, Framework, Periodicity, TargetKind, ValueKind
from xanh.organizations.models import Organization
from xanh.plans.models import Task, Theme


class IndicatorQuerySet(RestrictedQuerySet):
    """Everyone reads published indicators; officers read all; only the coordinator changes them."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator, is_member

        if is_coordinator(user):
            return self
        if action != "view":
            return self.none()
        return self if is_member(user) else self.filter(is_public=True)


class Indicator(Versioned):
    framework = models.CharField(_("framework"), max_length=10, choices=Framework.choices)
    code = models.CharField(_("code"), max_length=30)
    national_code = models.CharField(_("national statistical indicator code"), max_length=30, blank=True)
    name = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    periodicity = models.CharField(_("periodicity"), max_length=12, choices=Periodicity.choices,
                                   default=Periodicity.ANNUAL)
    objective = models.PositiveSmallIntegerField(_("objective (Decision 1658)"), null=True, blank=True)
    roadmap = models.CharField(_("roadmap group"), max_length=2, blank=True)
    lead_as_written = models.TextField(_("lead agency as written"), blank=True)
    lead = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("lead agency"))
    disaggregation = models.TextField(_("disaggregation"), blank=True)
    minimum = models.DecimalField(_("smallest plausible value"), max_digits=20, decimal_places=6, null=True,
                                  blank=True)
    maximum = models.DecimalField(_("largest plausible value"), max_digits=20, decimal_places=6, null=True,
                                  blank=True)
    max_jump = models.DecimalField(_("largest plausible change from one period to the next (%)"), max_digits=8,
                                   decimal_places=2, null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="indicators", verbose_name=_("themes"))
    tasks = models.ManyToManyField(Task, blank=True, related_name="indicators", verbose_name=_("tasks"))
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices,
                                  default=Confidence.CONFIRMED)
    is_public = models.BooleanField(_("published"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def lead_today(self):
        """The body leading the indicator today: its lead, or — when that body has since been merged or
        renamed — the one carrying its duties (set by xanh.indicators.leads.follow_leads; None when gone
        without a single successor)."""
        return getattr(self, "_lead_today", self.lead if self.lead_id else None)


class ByIndicatorQuerySet(RestrictedQuerySet):
    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator

        if action != "view" and not is_coordinator(user):
            return self.none()
        return self.filter(indicator__in=Indicator.objects.restrict(user, "view"))


class Target(Versioned):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("area"), help_text=_("Empty for a national target."))
    kind = models.CharField(_("kind"), max_length=10, choices=TargetKind.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    value_max = models.DecimalField(_("upper value of a range"), max_digits=20, decimal_places=6, null=True,
                                    blank=True)
    year = models.PositiveSmallIntegerField(_("by year"))
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=20, decimal_places=6, null=True,
                                         blank=True)
    text = models.TextField(_("as written"), blank=True)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices,
                                  default=Confidence.CONFIRMED)

    objects = ByIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year", "pk"]

    def __str__(self):
        return f"{self.indicator.code}: {self.get_kind_display()} {self.value} ({self.year})"


class ObservationQuerySet(ByIndicatorQuerySet):
    """Who reads which values. The coordinator reads every value and its history; other officers too, except
    the values another body filed with a report not yet accepted (a draft is its body's own); the public reads
    the released values only, the newest of each period (as in the open data).

    A value filed with a task report is released when the coordinator accepts the report, and stays released
    if the report is reopened; until then the public keeps reading the value it superseded, if any. Each
    (indicator, area, year) holds one chain of values, each newer row superseding the previous one, so the
    newest a reader sees is the highest id among the rows they may read."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator, is_member

        visible = super()._restrict(user, action)
        if is_coordinator(user):
            return visible
        if is_member(user):
            return visible.filter(_readable_by_officer(user))
        return visible.public_current()

    def released(self):
        """Values the public may read: not filed with a report, or filed with one the coordinator accepted."""
        return self.filter(released=True)

    def _newest_where(self, condition: models.Q):
        newer = Observation.objects.filter(condition).filter(
            indicator=models.OuterRef("indicator"), area=models.OuterRef("area"), year=models.OuterRef("year"),
            pk__gt=models.OuterRef("pk"))
        return self.filter(condition).exclude(models.Exists(newer))

    def public_current(self):
        """The newest released value of each (indicator, area, year)."""
        return self._newest_where(models.Q(released=True))

    def current_for(self, user):
        """What `user` reads as the current values: the newest of each period among the values they read."""
        from xanh.core.access import is_coordinator, is_member
        from xanh.core.services import SYSTEM

        if user is SYSTEM or is_coordinator(user):
            return self.filter(superseded_by__isnull=True)
        if is_member(user):
            return self._newest_where(_readable_by_officer(user))
        return self.public_current()


def _readable_by_officer(user) -> models.Q:
    from xanh.reporting.access import bodies_of

    return models.Q(released=True) | models.Q(report__organization_id__in=bodies_of(user))


class Observation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    area = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    value_as_entered = models.CharField(_("value as entered"), max_length=60, blank=True)
    unit_as_entered = models.CharField(_("unit as entered"), max_length=40, blank=True)
    kind = models.CharField(_("actual or estimate"), max_length=8, choices=ValueKind.choices,
                            default=ValueKind.ACTUAL)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices,
                                  default=Confidence.CONFIRMED)
    flag = models.CharField(_("flag"), max_length=10, choices=FlagState.choices, default=FlagState.NONE,
                            blank=True)
    flag_note = models.TextField(_("why it was flagged"), blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey("reporting.TaskReport", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="observations", verbose_name=_("filed with the report"))
    released = models.BooleanField(
        _("public"), default=True,
        help_text=_("A value filed with a task report is public once the coordinator accepts the report; it stays "
                    "public if the report is reopened."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "year", "pk"]
        indexes = [models.Index(fields=["indicator", "area", "year"], name="observation_series")]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.year}: {self.value}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def is_released(self) -> bool:
        return self.released
