"""Telling people what happened, after the transaction that made it happen has committed.

Messages go out as e-mail through Django's mail settings, queued on the job runner so that
a slow or absent mail server never holds up a save. Each function is called from
`transaction.on_commit` by a service.
"""

from django.conf import settings

from xanh.core.enums import Role


def recipients(organization_ids, roles) -> list[str]:
    from xanh.organizations.models import Membership

    emails = (Membership.objects.filter(organization_id__in=organization_ids, role__in=roles, is_active=True,
                                        user__is_active=True)
              .exclude(user__email="").values_list("user__email", flat=True).distinct())
    return sorted(emails)


def coordinator_emails(cycle) -> list[str]:
    from xanh.organizations.models import Membership

    emails = (Membership.objects.filter(role=Role.COORDINATOR, is_active=True, user__is_active=True,
                                        organization__province=cycle.plan.province)
              .exclude(user__email="").values_list("user__email", flat=True).distinct())
    return sorted(emails)


def cycle_opened(cycle) -> None:
    from xanh.reporting.mail import queue_cycle_opened

    if settings.XANH_SEND_MAIL:
        queue_cycle_opened(cycle)


def report_expected(report) -> None:
    from xanh.reporting.mail import queue_report_expected

    if settings.XANH_SEND_MAIL and report.cycle.state == "open":
        queue_report_expected(report)


def report_moved(report, action: str) -> None:
    from xanh.reporting.mail import queue_report_moved

    if settings.XANH_SEND_MAIL:
        queue_report_moved(report, action)
