"""`xanh demo`: the Thanh Hóa plan, its bodies, and one account per persona.

Idempotent: running it again adds what is missing and gives each demo account a fresh
password, printed on the console.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.enums import Role
from xanh.core.services import SYSTEM
from xanh.documents.demo import load_documents_demo
from xanh.indicators.seed import load_indicator_seed
from xanh.organizations.models import Membership, Organization
from xanh.organizations.services import add_membership, create_user, load_registry_file, reset_password
from xanh.plans.enums import PlanState
from xanh.plans.models import Plan
from xanh.plans.services import import_plan, set_plan_state, set_plan_visibility
from xanh.reporting.demo import load_reporting_demo

SEED = Path(__file__).resolve().parent / "plans" / "data" / "seeds" / (
    "3825-QD-UBND-2023-thanh-hoa-green-growth-action-plan.txt")

# (username, body code, role, full name) — one per persona in docs/architecture.md
DEMO_USERS = [
    ("dieuphoi", "th-stc", Role.COORDINATOR, "Nguyễn Thị Điều Phối"),
    ("nnmt.baocao", "th-snnmt", Role.REPORTER, "Trần Văn Báo Cáo"),
    ("nnmt.duyet", "th-snnmt", Role.APPROVER, "Lê Thị Phê Duyệt"),
    ("yte.baocao", "th-syt", Role.REPORTER, "Phạm Văn Y"),
    ("hacthanh.baocao", "th-xp-14797", Role.REPORTER, "Hoàng Thị Phường"),
    ("lanhdao", "th-ubnd", Role.LEADERSHIP, "Đỗ Văn Lãnh Đạo"),
]


@transaction.atomic
def load_demo(with_users: bool = True) -> list[str]:
    lines = []
    for name in ("national.yaml", "thanh-hoa.yaml"):
        counts = load_registry_file(SYSTEM, name)
        lines.append(_("Registry %(file)s: %(counts)s") % {"file": name, "counts": counts})
    outcome = import_plan(SYSTEM, SEED.read_bytes(), SEED.name, activate=True)
    plan: Plan = outcome.plan
    if plan.state != PlanState.ACTIVE:
        set_plan_state(SYSTEM, plan, plan.version, PlanState.ACTIVE)
        plan.refresh_from_db()
    if not plan.is_public:
        set_plan_visibility(SYSTEM, plan, plan.version, True)
    lines.append(_("Plan %(number)s: %(tasks)d tasks (id %(id)d).") % {
        "number": plan.number, "tasks": plan.tasks.filter(removed_in__isnull=True).count(), "id": plan.pk})
    accounts = []
    if with_users:
        for username, code, role, full_name in DEMO_USERS:
            password = _ensure_user(username, code, role, full_name)
            accounts.append(f"  {username:<16} {password:<14} {Role(role).label} — "
                            f"{Organization.objects.get(code=code).name}")
    lines.extend(load_reporting_demo(plan))
    lines.extend(load_documents_demo(plan))
    lines.append(load_indicator_seed().summary())
    if accounts:
        lines.append(_("Demo accounts (passwords are new each time this runs):"))
        lines.extend(accounts)
    return lines


def _ensure_user(username, code, role, full_name) -> str:
    org = Organization.objects.get(code=code)
    password = secrets.token_urlsafe(8)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        create_user(SYSTEM, username, organization=org, role=role, password=password, full_name=full_name)
    else:
        reset_password(SYSTEM, user, password)
        if not Membership.objects.filter(user=user, organization=org, role=role).exists():
            add_membership(SYSTEM, user, org, role)
    return password
