from django.urls import path

from xanh.documents import views

app_name = "documents"

urlpatterns = [
    path("cycles/<int:pk>/", views.document_default, name="default"),
    path("cycles/<int:pk>/<str:kind>/", views.document_page, name="document"),
    path("cycles/<int:pk>/<str:kind>/sections/<str:key>/", views.section_save, name="section"),
    path("cycles/<int:pk>/<str:kind>/sections/<str:key>/reset/", views.section_reset, name="section_reset"),
    path("cycles/<int:pk>/<str:kind>/build.<str:fmt>", views.build_download, name="build"),
    path("cycles/<int:pk>/<str:kind>/issue/", views.issue, name="issue"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/publish/", views.file_publication, name="file_publication"),
]
