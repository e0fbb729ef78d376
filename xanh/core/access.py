"""Who may do what: role lookups shared by every app.

Memberships (user × body × role) live in organizations, which sits above core; it
registers the lookup here when the app loads, so core never imports upward.
"""

from collections.abc import Callable

from xanh.core.enums import Role

_provider: Callable | None = None


def register_role_provider(provider: Callable) -> None:
    global _provider
    _provider = provider


def roles_of(user) -> frozenset:
    """The roles a person holds today, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_xanh_roles", None)
    if cached is None:
        cached = frozenset(_provider(user)) if _provider else frozenset()
        user._xanh_roles = cached
    return cached


def is_operator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_coordinator(user) -> bool:
    return is_operator(user) or Role.COORDINATOR in roles_of(user)


def is_member(user) -> bool:
    """Signed in and holding any role (or an operator)."""
    return is_operator(user) or bool(roles_of(user))
