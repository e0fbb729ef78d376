"""Use case: the coordinator adds and corrects bodies, aliases, groups, members and
successions in the registry — audited, versioned, and nobody else may."""

from datetime import date

from tests.personas import RegistryTestCase
from xanh.core.errors import PermissionDenied, ServiceError, StaleEdit
from xanh.core.models import AuditEvent
from xanh.organizations import services
from xanh.organizations.models import Alias, GroupMember, Organization, OrgGroup, Succession


class RegistryEditingTest(RegistryTestCase):
    def test_the_coordinator_adds_a_body_and_the_change_is_audited(self):
        org = services.create_organization(self.coordinator, code="th-sxx", name="Sở Thử nghiệm", kind="department",
                                           parent=self.org("th-ubnd"), source="Quyết định 1/QĐ-UBND")
        self.assertEqual(org.province.code, "th-ubnd")
        event = AuditEvent.objects.get(action="organization.created", object_id=str(org.pk))
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.after["name"], "Sở Thử nghiệm")

    def test_a_correction_names_the_version_it_was_read_at(self):
        org = self.org("th-sngv")
        services.update_organization(self.coordinator, org, org.version, valid_to=date(2025, 3, 1),
                                     confidence="secondary")
        stale = Organization.objects.get(code="th-sngv")
        stale.version -= 1
        with self.assertRaises(StaleEdit):
            services.update_organization(self.coordinator, stale, stale.version, note="late")
        self.assertEqual(Organization.objects.get(code="th-sngv").note, self.org("th-sngv").note)
        event = AuditEvent.objects.filter(action="organization.updated").latest("at")
        self.assertEqual((event.before["valid_to"], event.after["valid_to"]), (None, "2025-03-01"))

    def test_bad_values_are_refused_with_the_field_named(self):
        with self.assertRaises(ServiceError) as caught:
            services.create_organization(self.coordinator, code="th-stc", name="Trùng mã", kind="department")
        self.assertEqual(caught.exception.field, "code")
        org = self.org("th-syt")
        with self.assertRaises(ServiceError) as caught:
            services.update_organization(self.coordinator, org, org.version, valid_from=date(2026, 1, 1),
                                         valid_to=date(2025, 1, 1))
        self.assertEqual(caught.exception.field, "valid_to")

    def test_an_alias_makes_the_body_findable_by_that_name(self):
        services.add_alias(self.coordinator, self.org("th-syt"), "Sở YT", "abbreviation", "Công văn 12/SYT")
        self.assertIn(" so yt ", Organization.objects.get(code="th-syt").search_text)
        again = services.add_alias(self.coordinator, self.org("th-syt"), "sở yt")
        self.assertEqual(Alias.objects.filter(organization__code="th-syt", name__iexact="Sở YT").count(), 1)
        services.remove_alias(self.coordinator, again)
        self.assertNotIn(" so yt ", Organization.objects.get(code="th-syt").search_text)
        self.assertEqual(AuditEvent.objects.filter(action__startswith="alias.", actor=self.coordinator).count(), 2)

    def test_a_succession_ends_the_predecessor_unless_it_is_scoped(self):
        foreign = self.org("th-sngv")
        services.add_succession(self.coordinator, predecessor=foreign, successor=self.org("th-vp-ubnd"),
                                effective_date=date(2025, 3, 1), legal_basis="Quyết định (giả định trong kiểm thử)")
        self.assertEqual(self.org("th-sngv").valid_to, date(2025, 3, 1))
        services.add_succession(self.coordinator, predecessor=self.org("th-syt"), successor=self.org("th-snv"),
                                effective_date=date(2026, 1, 1), scope="dân số")
        self.assertIsNone(self.org("th-syt").valid_to)

    def test_a_split_ends_the_predecessor_when_asked(self):
        services.add_succession(self.coordinator, predecessor=self.org("th-ttxt"), successor=self.org("th-sct"),
                                effective_date=date(2025, 7, 1), scope="xúc tiến thương mại", end_predecessor=True)
        self.assertEqual(self.org("th-ttxt").valid_to, date(2025, 7, 1))

    def test_removing_the_succession_that_ended_a_body_reopens_it(self):
        services.add_succession(self.coordinator, predecessor=self.org("th-sngv"), successor=self.org("th-vp-ubnd"),
                                effective_date=date(2025, 3, 1))
        mistaken = Succession.objects.get(predecessor__code="th-sngv")
        services.delete_succession(self.coordinator, mistaken, "nhầm cơ quan")
        self.assertIsNone(self.org("th-sngv").valid_to)

    def test_a_succession_to_itself_or_to_nothing_is_refused(self):
        with self.assertRaises(ServiceError):
            services.add_succession(self.coordinator, predecessor=self.org("th-syt"), successor=self.org("th-syt"),
                                    effective_date=date(2026, 1, 1))
        with self.assertRaises(ServiceError):
            services.add_succession(self.coordinator, predecessor=self.org("th-syt"), effective_date=date(2026, 1, 1))

    def test_a_wrong_succession_is_removed_with_a_reason_kept_in_the_audit_log(self):
        wrong = Succession.objects.get(predecessor__code="th-bdt")
        with self.assertRaises(ServiceError):
            services.delete_succession(self.coordinator, wrong, "  ")
        services.delete_succession(self.coordinator, wrong, "nhập nhầm")
        event = AuditEvent.objects.get(action="succession.deleted")
        self.assertEqual((event.reason, event.before["successor"]), ("nhập nhầm", self.org("th-sdttg").pk))

    def test_groups_and_dated_members(self):
        group = services.create_group(self.coordinator, code="th-ctxh-2", name="Các hội", scope=self.org("th-ubnd"))
        member = services.add_group_member(self.coordinator, group, self.org("th-hhdn"), date(2023, 1, 1))
        self.assertIsNone(services.add_group_member(self.coordinator, group, self.org("th-hhdn")))
        services.end_group_member(self.coordinator, member, date(2026, 1, 1))
        self.assertEqual(GroupMember.objects.get(pk=member.pk).valid_to, date(2026, 1, 1))
        services.update_group(self.coordinator, group, group.version, is_open=True)
        self.assertTrue(OrgGroup.objects.get(pk=group.pk).is_open)

    def test_nobody_but_the_coordinator_may_change_the_registry(self):
        before = AuditEvent.objects.count()
        for persona in ("nnmt_reporter", "nnmt_approver", "yte_reporter", "commune", "viewer"):
            user = self.users[persona]
            with self.assertRaises(PermissionDenied):
                services.create_organization(user, code="x-" + persona, name="X", kind="other")
            with self.assertRaises(PermissionDenied):
                services.add_alias(user, self.org("th-syt"), "Sở YT")
            with self.assertRaises(PermissionDenied):
                services.add_succession(user, predecessor=self.org("th-syt"), successor=self.org("th-snv"),
                                        effective_date=date(2026, 1, 1))
        self.assertEqual(AuditEvent.objects.count(), before)


class SuccessionIntegrityTest(RegistryTestCase):
    def test_moving_a_successions_date_moves_the_end_of_the_body_it_ended(self):
        s = services.add_succession(self.coordinator, predecessor=self.org("th-sngv"),
                                    successor=self.org("th-vp-ubnd"), effective_date=date(2025, 7, 1))
        services.update_succession(self.coordinator, s, s.version, effective_date=date(2025, 3, 1))
        self.assertEqual(self.org("th-sngv").valid_to, date(2025, 3, 1))

    def test_the_same_succession_twice_is_refused(self):
        s = Succession.objects.get(predecessor__code="th-bdt")
        with self.assertRaises(ServiceError):
            services.add_succession(self.coordinator, predecessor=s.predecessor, successor=s.successor,
                                    effective_date=s.effective_date)

    def test_a_cycle_of_successions_is_refused(self):
        with self.assertRaises(ServiceError) as caught:
            services.add_succession(self.coordinator, predecessor=self.org("th-snnmt"), successor=self.org("th-stnmt"),
                                    effective_date=date(2026, 1, 1))
        self.assertEqual(caught.exception.field, "successor")

    def test_codes_must_be_usable_in_addresses(self):
        for code in ("th xa thu", "new", "sở-y-tế"):
            with self.subTest(code=code), self.assertRaises(ServiceError):
                services.create_organization(self.coordinator, code=code, name="X", kind="other",
                                             parent=self.org("th-ubnd"))

    def test_an_operators_password_is_not_the_coordinators_to_reset(self):
        from django.contrib.auth import get_user_model

        operator = get_user_model().objects.create_superuser("op", password="a-Long-op-pass-2026")
        with self.assertRaises(PermissionDenied):
            services.reset_password(self.coordinator, operator)

    def test_an_abolished_bodys_officers_keep_no_role_through_it(self):
        from xanh.core.access import roles_of
        from xanh.organizations.services import create_user

        user, _password = create_user(None, "huyen.cu", organization=self.org("th-ubnd-nga-son"), role="reporter")
        self.assertEqual(roles_of(user), frozenset())
