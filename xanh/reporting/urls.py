from django.urls import path

from xanh.reporting.views import cycles, dashboard, offline, reminders, reports

app_name = "reporting"

# reminders first: "cycles/<pk>/<str:action>/" below would otherwise catch remind/ and reminders/
urlpatterns = reminders.urlpatterns + [
    path("", reports.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("cycles/<int:pk>/tasks/", dashboard.cycle_tasks, name="cycle_tasks"),
    path("cycles/", cycles.cycle_list, name="cycles"),
    path("cycles/new/", cycles.cycle_new, name="cycle_new"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/expected/", cycles.cycle_expected, name="cycle_expected"),
    path("cycles/<int:pk>/settings/", cycles.cycle_settings, name="cycle_settings"),
    path("cycles/<int:pk>/do/<str:action>/", cycles.cycle_action, name="cycle_action"),
    path("cycles/<int:pk>/bodies/<slug:code>/", reports.body_reports, name="body"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/do/<str:action>/", reports.report_action, name="report_action"),
    path("reports/<int:pk>/contribution/", reports.contribution_save, name="contribution"),
    path("evidence/<int:pk>/", reports.evidence_download, name="evidence"),
] + offline.urlpatterns
