"""Helpers every service uses: permission checks and the system actor.

A service receives the acting user first. `None` means the system itself (the `xanh`
command run by an operator on the server, or the demo loader); a web request always
passes a user, signed in or anonymous.
"""

from django.utils.translation import gettext as _

from xanh.core.access import is_coordinator
from xanh.core.errors import PermissionDenied

SYSTEM = None


def require_coordinator(actor) -> None:
    if actor is SYSTEM:
        return
    if not is_coordinator(actor):
        raise PermissionDenied(_("Only the plan coordinator may do this."))
