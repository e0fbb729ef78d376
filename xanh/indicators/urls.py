from django.urls import path

from xanh.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.registry, name="list"),
    path("board/", views.board, name="board"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/targets/new/", views.target_new, name="target_new"),
    path("<int:pk>/links/", views.indicator_links, name="links"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:pk>/adopt/", views.candidate_adopt, name="candidate_adopt"),
    path("candidates/<int:pk>/reject/", views.candidate_reject, name="candidate_reject"),
    path("observations/new/", views.observation_new, name="observation_new"),
    path("observations/upload/", views.upload, name="upload"),
    path("observations/<int:pk>/confirm/", views.observation_confirm, name="confirm"),
    path("reports/<int:pk>/values/", views.value_new, name="report_value_new"),
    path("observations/<int:pk>/withdraw/", views.value_withdraw, name="report_value_withdraw"),
]
