from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "xanh.organizations"
    label = "organizations"
    verbose_name = _("Bodies")

    def ready(self):
        from xanh.core.access import register_role_provider
        from xanh.organizations.queries import current_roles

        register_role_provider(current_roles)
