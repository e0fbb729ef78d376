"""Named personas on a real database, built once per test class (DESIGN.md, Testing).

    coordinator    Sở Tài chính (the plan's coordinator since 03/2025)
    nnmt_reporter  reporter at Sở Nông nghiệp và Môi trường
    nnmt_approver  approver at Sở Nông nghiệp và Môi trường
    yte_reporter   reporter at Sở Y tế
    commune        reporter at UBND phường Hạc Thành
    viewer         leadership at UBND tỉnh
    anonymous      nobody signed in
"""

from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from xanh.core.enums import Role
from xanh.core.services import SYSTEM
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user, load_registry_file
from xanh.plans.services import import_plan, set_plan_visibility

SEED = Path(__file__).resolve().parent.parent / "xanh" / "plans" / "data" / "seeds" / (
    "3825-QD-UBND-2023-thanh-hoa-green-growth-action-plan.txt")
PASSWORD = "a-Long-test-pass-2026"

PERSONAS = {
    "coordinator": ("th-stc", Role.COORDINATOR),
    "nnmt_reporter": ("th-snnmt", Role.REPORTER),
    "nnmt_approver": ("th-snnmt", Role.APPROVER),
    "yte_reporter": ("th-syt", Role.REPORTER),
    "commune": ("th-xp-14797", Role.REPORTER),
    "viewer": ("th-ubnd", Role.LEADERSHIP),
}


def seed_bytes() -> bytes:
    return SEED.read_bytes()


def load_registry():
    load_registry_file(SYSTEM, "national.yaml")
    load_registry_file(SYSTEM, "thanh-hoa.yaml")


class RegistryTestCase(TestCase):
    """The shipped registry of bodies, and the personas."""

    @classmethod
    def setUpTestData(cls):
        load_registry()
        cls.users = {}
        for name, (code, role) in PERSONAS.items():
            user, _password = create_user(SYSTEM, name, organization=Organization.objects.get(code=code), role=role,
                                          password=PASSWORD)
            cls.users[name] = user
            setattr(cls, name, user)
        cls.anonymous = AnonymousUser()

    def org(self, code) -> Organization:
        return Organization.objects.get(code=code)

    def signed_in(self, persona: str):
        self.client.force_login(self.users[persona])
        return self.client


class PlanTestCase(RegistryTestCase):
    """…plus the Thanh Hóa plan, imported from the seed, in force and published (as the demo)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.outcome = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True)
        cls.plan = set_plan_visibility(SYSTEM, cls.outcome.plan, cls.outcome.plan.version, True)

    def task(self, ref):
        return self.plan.tasks.get(ref=ref)
