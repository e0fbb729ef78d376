from django.urls import path

from xanh.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("template.<str:fmt>", views.template_download, name="template"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/tasks/", views.task_list, name="tasks"),
    path("<int:pk>/import/", views.plan_import, name="import_version"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/state/", views.plan_state, name="state"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/<int:seq>/", views.version_detail, name="version"),
    path("<int:pk>/versions/<int:seq>/source", views.version_source, name="version_source"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("assignments/<int:pk>/", views.assignment_action, name="assignment"),
    path("findings/<int:pk>/", views.finding_action, name="finding"),
    path("candidates/<int:pk>/", views.candidate_action, name="candidate"),
    path("themes/<int:pk>/title/", views.theme_title, name="theme_title"),
]
