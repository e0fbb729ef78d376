from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xanh.api import api
from xanh.core.views import audit_log, healthz
from xanh.plans.views import home

urlpatterns = [
    path("", home, name="home"),
    path("plans/", include("xanh.plans.urls")),
    path("orgs/", include("xanh.organizations.urls")),
    path("reporting/", include("xanh.reporting.urls")),
    path("documents/", include("xanh.documents.urls")),
    path("indicators/", include("xanh.indicators.urls")),
    path("portal/", include("xanh.portal.urls")),
    path("open/", include("xanh.portal.opendata_urls")),
    path("audit/", audit_log, name="audit"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
