"""People: accounts, their roles at bodies, and API tokens."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.enums import Role
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.models import ApiToken
from xanh.core.services import SYSTEM, require_coordinator
from xanh.organizations.models import Membership, Organization


@transaction.atomic
def create_user(actor, username: str, *, organization: Organization | None = None, role: str | None = None,
                password: str | None = None, full_name: str = "", email: str = "") -> tuple:
    """Create an account (and its role at a body). Returns (user, password); a password is
    generated when none is given, to be handed to the person once."""
    require_coordinator(actor)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ServiceError(_("A user name is required."), field="username")
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("The user name %(name)s is taken.") % {"name": username}, field="username")
    password = password or secrets.token_urlsafe(9)
    first, _sep, last = full_name.strip().rpartition(" ")
    user = User.objects.create_user(username=username, password=password, email=email,
                                    first_name=first, last_name=last or full_name.strip())
    audit.record(actor, "user.created", user, after={"username": username, "email": email})
    if organization is not None and role:
        add_membership(actor, user, organization, role)
    return user, password


@transaction.atomic
def add_membership(actor, user, organization: Organization, role: str) -> Membership:
    require_coordinator(actor)
    if role not in Role.values:
        raise ServiceError(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role,
                                                          defaults={"is_active": True})
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit.record(actor, "membership.added", membership, after={"user": user.get_username(),
                                                                "organization": organization.code, "role": role})
    return membership


@transaction.atomic
def issue_api_token(actor, user, name: str = "") -> str:
    """A new bearer token for `user`; the key is returned once and only its hash is kept."""
    if actor is not SYSTEM and actor != user and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("You may only create tokens for yourself."))
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[5:13], key_hash=ApiToken.hash(key),
                                    created_at=timezone.now())
    audit.record(actor, "api_token.issued", token, after={"user": user.get_username(), "name": name})
    return key


@transaction.atomic
def reset_password(actor, user, password: str | None = None) -> str:
    """Give an account a new password (generated when none is given) and return it."""
    require_coordinator(actor)
    if user.is_superuser and actor is not SYSTEM:
        raise PermissionDenied(_("An operator's password is changed by the operator (xanh manage changepassword)."))
    password = password or secrets.token_urlsafe(9)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "user.password_reset", user, after={"username": user.get_username()})
    return password
