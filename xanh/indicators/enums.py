from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.TextChoices):
    """Where an indicator comes from."""

    NATIONAL_SET = "tt10", _("National green-growth indicator set (Circular 10/2023/TT-BKHĐT)")
    STRATEGY = "qd1658", _("National Green Growth Strategy (Decision 1658/QĐ-TTg)")
    PLAN = "plan", _("The province's action plan")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Periodicity(models.TextChoices):
    ANNUAL = "annual", _("Every year")
    BIENNIAL = "biennial", _("Every two years")
    FIVE_YEARLY = "five_yearly", _("Every five years")
    OTHER = "other", _("Other")


class TargetKind(models.TextChoices):
    """The three shapes targets take in the domain."""

    LEVEL = "level", _("A level by a year")                       # forest cover stable at 42 % by 2030
    CHANGE = "change", _("A change from a baseline year")          # GHG intensity −15 % vs 2014 by 2030
    ANNUAL = "annual", _("An amount every year")                   # 10,000 ha planted per year, 2023–2030
    CUMULATIVE = "cumulative", _("A cumulative amount over years")  # 80,000 ha over 2023–2030


class ValueKind(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    ESTIMATE = "estimate", _("Estimate")


class Assessment(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    ACCELERATE = "accelerate", _("Needs acceleration")
    OFF_TRACK = "off_track", _("Off track or regressing")
    INSUFFICIENT = "insufficient", _("Insufficient data")


class FlagState(models.TextChoices):
    NONE = "", _("No flag")
    FLAGGED = "flagged", _("Implausible jump, to review")
    CONFIRMED = "confirmed", _("Jump confirmed by the coordinator")
