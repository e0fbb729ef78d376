from django.contrib import admin

from xanh.core.admin import ReadOnlyAdmin
from xanh.organizations.models import Alias, GroupMember, Membership, Organization, OrgGroup, Succession


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to", "confidence"]
    list_filter = ["kind", "confidence"]
    search_fields = ["code", "name", "short_name"]


@admin.register(OrgGroup)
class OrgGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "is_open"]


@admin.register(Alias)
class AliasAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organization", "group"]
    search_fields = ["name"]


@admin.register(Succession)
class SuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "successor", "successor_group", "effective_date", "scope", "confidence"]


@admin.register(GroupMember)
class GroupMemberAdmin(ReadOnlyAdmin):
    list_display = ["group", "organization", "valid_from", "valid_to"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "is_active"]
