"""The current time as services see it.

Services stamp submissions, approvals and audit events with `clock.now()`. Only the demo
loader moves the clock (to lay out a realistic season of reporting in the past); nothing a
person does through a page, the API or the CLI can.
"""

import threading
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

_local = threading.local()


def now() -> datetime:
    return getattr(_local, "at", None) or timezone.now()


@contextmanager
def frozen_at(moment: datetime):
    previous = getattr(_local, "at", None)
    _local.at = moment
    try:
        yield
    finally:
        _local.at = previous
