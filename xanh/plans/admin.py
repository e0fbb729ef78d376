from django.contrib import admin

from xanh.core.admin import ReadOnlyAdmin
from xanh.plans.models import Assignment, Finding, Plan, PlanVersion, Task, Theme


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "title", "state", "is_public", "latest_seq"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "seq", "source_name", "source_format", "imported_at"]
    exclude = ["source_file"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ["plan", "code", "title"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["plan", "ref", "time_frame", "awaits_guidance"]
    search_fields = ["ref", "text"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["task", "role", "as_written", "organization", "group", "confidence", "method"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "location", "status"]
