"""Stable open-data URLs: /open/<dataset>.csv|json, per cycle /open/cycles/<id>/<dataset>.csv|json, and the
indicator values in SDMX-CSV at /open/sdmx/observations.csv."""

from django.urls import path, register_converter

from xanh.portal import opendata_views as views
from xanh.portal.opendata import DATASETS


class FormatConverter:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "opendata_format")

app_name = "opendata"
urlpatterns = [path("", views.index, name="index"),
               path("sdmx/observations.csv", views.sdmx_observations, name="sdmx-observations")] + [
    path(f"{item.route}.<opendata_format:fmt>", views.dataset, {"name": item.name}, name=item.name)
    for item in DATASETS.values()
]
