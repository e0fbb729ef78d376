from django.urls import path

from xanh.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("cycles/<int:pk>/", views.cycle, name="cycle"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("files/<int:pk>/", views.file_download, name="file"),
]
