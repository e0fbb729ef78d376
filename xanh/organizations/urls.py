from django.urls import path

from xanh.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("new/", views.org_edit, name="create"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_edit, name="group_create"),
    path("groups/<slug:group_code>/aliases/", views.alias_add, name="group_alias_add"),
    path("groups/<slug:code>/", views.group_detail, name="group"),
    path("groups/<slug:code>/edit/", views.group_edit, name="group_edit"),
    path("groups/<slug:code>/members/", views.group_member_add, name="group_member_add"),
    path("groups/<slug:code>/members/import/", views.group_members_import, name="group_members_import"),
    path("members/<int:pk>/end/", views.group_member_end, name="group_member_end"),
    path("aliases/<int:pk>/remove/", views.alias_remove, name="alias_remove"),
    path("successions/<int:pk>/", views.succession_edit, name="succession_edit"),
    path("successions/<int:pk>/delete/", views.succession_delete, name="succession_delete"),
    path("<slug:code>/", views.org_detail, name="detail"),
    path("<slug:code>/edit/", views.org_edit, name="edit"),
    path("<slug:code>/aliases/", views.alias_add, name="alias_add"),
    path("<slug:code>/successions/new/", views.succession_edit, name="succession_add"),
]
