from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "xanh.indicators"
    label = "indicators"
    verbose_name = _("Indicators and targets")

    def ready(self):
        from xanh.indicators.report_values import panel
        from xanh.indicators.services.observations import release_report_values
        from xanh.reporting.extensions import register_on_accept, register_report_panel

        register_report_panel(panel)
        register_on_accept(release_report_values)
