"""What apps above reporting add to a task report's page, registered when they load.

The report page belongs to reporting, but what else a body files with its report (the values of the
indicators that measure the task) lives in apps above it: they register a panel provider here
(dependency inversion, as organizations does for a body's tasks). A provider is called as
`provider(request, report, can_edit, state)` and returns None (nothing to show) or a dict with the
`template` to include and whatever that template reads; `state` carries what a refused form posted.

Apps above may also act when the coordinator accepts a report (`register_on_accept`): the callback runs in
the accepting transaction, with the actor and the report, so what it writes commits or fails with it."""

from collections.abc import Callable

_panels: list[Callable] = []


def register_report_panel(provider: Callable) -> None:
    if provider not in _panels:
        _panels.append(provider)


def report_panels(request, report, can_edit: bool, state: dict | None = None) -> list[dict]:
    found = (provider(request, report, can_edit, state or {}) for provider in _panels)
    return [panel for panel in found if panel]


_on_accept: list[Callable] = []


def register_on_accept(callback: Callable) -> None:
    if callback not in _on_accept:
        _on_accept.append(callback)


def report_accepted(actor, report) -> None:
    for callback in _on_accept:
        callback(actor, report)
