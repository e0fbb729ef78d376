from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "xanh.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self):
        from xanh.organizations.extensions import register_body_tasks
        from xanh.plans.queries import body_tasks

        register_body_tasks(body_tasks)
