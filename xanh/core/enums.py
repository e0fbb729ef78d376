from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure we are of a fact in the shipped registry (see shared/reference)."""

    CONFIRMED = "confirmed", _("confirmed")
    SECONDARY = "secondary", _("secondary source")
    UNCONFIRMED = "unconfirmed", _("unconfirmed")


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Approver")
    COORDINATOR = "coordinator", _("Coordinator")
    LEADERSHIP = "leadership", _("Leadership")
    VIEWER = "viewer", _("Viewer")
