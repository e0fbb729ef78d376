"""What apps above organizations add to a body's page, registered when they load.

The body page lists the tasks a body carries, but plans sit above organizations: the plans
app registers the lookup here (dependency inversion, as core does for roles)."""

from collections.abc import Callable

_body_tasks: Callable | None = None


def register_body_tasks(provider: Callable) -> None:
    global _body_tasks
    _body_tasks = provider


def body_tasks(user, org, on, registry) -> list:
    """[(plan, rows)] of the tasks `org` carries on `on`, or [] when no plans app is installed."""
    return _body_tasks(user, org, on, registry) if _body_tasks else []
