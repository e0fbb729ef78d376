"""Optimistic locking: a save names the version it was read at; a stale one is refused."""

from django.db.models import F
from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError, StaleEdit


def apply_changes(instance, changes: dict, allowed) -> None:
    """Set the named fields on `instance`, refusing any field a service does not let change."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ServiceError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(unknown)})
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def save_versioned(instance, expected_version: int, fields: list[str]):
    """Write `fields` of `instance` only if nobody saved it since `expected_version`."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise StaleEdit(
            _(
                "Someone else saved this record after you opened it. Reload the page to see "
                "their changes, then make yours again."
            )
        )
    instance.version = expected_version + 1
    return instance
