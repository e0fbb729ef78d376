"""Bodies that carry the plan, their names, groups, successions and members.

Bodies are never deleted: they end (`valid_to`, the first day they no longer exist) and
name successors. Succession is many-to-many, dated, and may be scoped to some duties.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xanh.core.enums import Confidence, Role
from xanh.core.models import Versioned
from xanh.core.querysets import RestrictedQuerySet
from xanh.core.text import fold, search_text


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department (Sở)")
    BOARD = "board", _("Board (Ban)")
    AGENCY = "agency", _("Provincial agency or public service unit")
    DISTRICT_PC = "district_pc", _("District People's Committee")
    COMMUNE_PC = "commune_pc", _("Commune People's Committee")
    MASS_ORG = "mass_org", _("Mass organisation")
    BANK_BRANCH = "bank_branch", _("Bank branch")
    ENTERPRISE = "enterprise", _("Enterprise")
    MINISTRY = "ministry", _("Ministry")
    CENTRAL = "central", _("Central government")
    OTHER = "other", _("Other")


class AliasKind(models.TextChoices):
    OFFICIAL = "official", _("official name")
    SHORT = "short", _("short name")
    ABBREVIATION = "abbreviation", _("abbreviation")
    VARIANT = "variant", _("spelling variant")
    TYPO = "typo", _("typo met in a document")
    FORMER = "former", _("former name")


class PublicRegistryQuerySet(RestrictedQuerySet):
    """Bodies and groups are public facts: anybody may read them; only coordinators write."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator

        if action == "view":
            return self
        return self if is_coordinator(user) else self.none()


class Organization(Versioned):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent body"),
    )
    # The provincial People's Committee a body belongs to (itself for a province, blank for
    # central bodies), so that one province's registry loads in a fixed number of queries.
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False,
    )
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_to = models.DateField(_("ceased on"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = PublicRegistryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                           | Q(valid_to__gt=models.F("valid_from"))),
                name="org_valid_range",
            )
        ]

    def __str__(self):
        return self.name

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def refresh_search_text(self, aliases=()):
        self.search_text = search_text(self.code, self.name, self.short_name, *aliases)


class OrgGroup(Versioned):
    """A class of bodies named collectively ("UBND các huyện, thị xã, thành phố").

    Members at a date are the explicit members valid that day plus, when `member_kinds`
    is set, every body of those kinds under `scope` that exists that day. An open group
    ("các đơn vị liên quan") has no fixed members: the lead body decides case by case.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    scope = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="scoped_groups",
        verbose_name=_("within"),
    )
    member_kinds = models.JSONField(_("kinds of bodies included"), default=list, blank=True)
    is_open = models.BooleanField(_("open group (members decided case by case)"), default=False)
    description = models.TextField(_("description"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = PublicRegistryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("group of bodies")
        verbose_name_plural = _("groups of bodies")

    def __str__(self):
        return self.name

    def refresh_search_text(self, aliases=()):
        self.search_text = search_text(self.code, self.name, *aliases)


class Alias(models.Model):
    """Another spelling of a body's or a group's name, as met in legal texts."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    group = models.ForeignKey(OrgGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=255)
    folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=AliasKind.choices, default=AliasKind.VARIANT)
    source = models.TextField(_("source"), blank=True)

    objects = PublicRegistryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False, group__isnull=True)
                           | Q(organization__isnull=True, group__isnull=False)),
                name="alias_one_owner",
            ),
            models.UniqueConstraint(fields=["organization", "folded"], name="alias_unique_per_org"),
            models.UniqueConstraint(fields=["group", "folded"], name="alias_unique_per_group"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold(self.name)[:255]
        super().save(*args, **kwargs)


class GroupMember(models.Model):
    group = models.ForeignKey(OrgGroup, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="group_memberships")
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    objects = PublicRegistryQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "organization", "valid_from"], name="group_member_unique")
        ]

    def __str__(self):
        return f"{self.organization} ∈ {self.group}"

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)


class Succession(Versioned):
    """From `effective_date`, the predecessor's duties (all, or those in `scope`) pass on."""

    predecessor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="successions_in"
    )
    successor_group = models.ForeignKey(
        OrgGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="successions_in"
    )
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    scope = models.CharField(_("duties passed (blank: all)"), max_length=300, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=12, choices=Confidence.choices, default=Confidence.CONFIRMED
    )
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PublicRegistryQuerySet.as_manager()

    class Meta:
        ordering = ["effective_date", "predecessor__name"]
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(successor__isnull=False, successor_group__isnull=True)
                           | Q(successor__isnull=True, successor_group__isnull=False)),
                name="succession_one_successor",
            ),
            # NULLs never collide in a unique index: one constraint per kind of successor
            models.UniqueConstraint(fields=["predecessor", "successor", "effective_date", "scope"],
                                    condition=Q(successor__isnull=False), name="succession_unique_body"),
            models.UniqueConstraint(fields=["predecessor", "successor_group", "effective_date", "scope"],
                                    condition=Q(successor_group__isnull=False), name="succession_unique_group"),
        ]

    def __str__(self):
        target = self.successor or self.successor_group
        return f"{self.predecessor} → {target} ({self.effective_date:%d/%m/%Y})"

    @property
    def target(self):
        return self.successor or self.successor_group


class MembershipQuerySet(RestrictedQuerySet):
    """Officers may see who reports for which body (to know whom to call); the public may not."""

    def _restrict(self, user, action):
        from xanh.core.access import is_coordinator, is_member

        if action == "view" and is_member(user):
            return self
        return self if is_coordinator(user) else self.none()


class Membership(models.Model):
    """A person's role at a body: reporter, approver, coordinator, leadership, viewer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"
