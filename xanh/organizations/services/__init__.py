"""Every write to bodies, groups, successions and memberships goes through here."""

from xanh.organizations.services.bodies import (
    add_alias,
    add_succession,
    confirm_alias_from_match,
    create_organization,
    delete_succession,
    remove_alias,
    update_organization,
    update_succession,
)
from xanh.organizations.services.groups import (
    add_group_member,
    create_group,
    end_group_member,
    import_group_members,
    update_group,
)
from xanh.organizations.services.loader import load_registry_file
from xanh.organizations.services.people import add_membership, create_user, issue_api_token, reset_password

__all__ = [
    "add_alias",
    "add_group_member",
    "add_membership",
    "add_succession",
    "confirm_alias_from_match",
    "create_group",
    "create_organization",
    "create_user",
    "delete_succession",
    "end_group_member",
    "import_group_members",
    "issue_api_token",
    "load_registry_file",
    "remove_alias",
    "reset_password",
    "update_group",
    "update_organization",
    "update_succession",
]
