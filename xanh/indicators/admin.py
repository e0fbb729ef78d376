from django.contrib import admin

from xanh.core.admin import ReadOnlyAdmin
from xanh.indicators.models import Indicator, Observation, Target


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["framework", "code", "name", "unit", "direction", "lead", "confidence", "is_public"]
    list_filter = ["framework"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "kind", "value", "value_max", "year", "confidence"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "year", "value", "kind", "flag", "superseded_by", "entered_at"]
    list_filter = ["kind", "flag"]
