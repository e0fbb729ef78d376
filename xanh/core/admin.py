"""Django admin for operators only, read-only for domain data: every write goes through the
services (and their audit), which the admin's save buttons would bypass."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from xanh.core.models import ApiToken, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyUserAdmin(ReadOnlyAdmin, UserAdmin):
    """Accounts are created and changed with `xanh user …` (audited), not here."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), ReadOnlyUserAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
