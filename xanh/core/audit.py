"""Explicit audit writes, called inside the service that makes the change."""

from django.forms.models import model_to_dict

from xanh.core import clock
from xanh.core.models import AuditEvent


def snapshot(instance, fields=None) -> dict:
    """A JSON-safe dict of a model instance's concrete fields (dates as ISO strings)."""
    data = model_to_dict(instance, fields=fields)
    return {key: _jsonable(value) for key, value in data.items()}


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def record(actor, action: str, obj, *, before=None, after=None, reason: str = "") -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=user,
        actor_name=(user.get_username() if user else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        reason=reason,
    )
