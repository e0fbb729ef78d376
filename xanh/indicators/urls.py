from django.urls import path

from xanh.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.registry, name="list"),
    path("board/", views.board, name="board"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("observations/new/", views.observation_new, name="observation_new"),
    path("observations/upload/", views.upload, name="upload"),
    path("observations/<int:pk>/confirm/", views.observation_confirm, name="confirm"),
]
