"""Use case: values are recorded against indicators — checked for unit, range, period and jumps, by the
coordinator or by the body that reports the task the indicator measures."""

from decimal import Decimal

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import PermissionDenied, ServiceError, StaleEdit
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators import units
from xanh.indicators.enums import FlagState, TargetKind, ValueKind
from xanh.indicators.models import Indicator, Observation, Target
from xanh.indicators.services import (
    add_target,
    confirm_observation,
    create_indicator,
    delete_target,
    record_observation,
    set_indicator_links,
    update_indicator,
    update_target,
    withdraw_observation,
)


class ObservationTestCase(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.forest = create_indicator(SYSTEM, framework="other", code="forest-area", name="Tổng diện tích rừng",
                                      unit="ha", minimum=0)
        set_indicator_links(SYSTEM, cls.forest, tasks=[cls.plan.tasks.get(ref="VIII.5.3")])
        cls.cover = create_indicator(SYSTEM, framework="other", code="forest-cover", name="Tỷ lệ che phủ rừng",
                                     unit="%", minimum=0, maximum=100, max_jump=5)

    def setUp(self):
        self.area = self.org("th-ubnd")

    def record(self, indicator=None, year=2022, value="100", actor=SYSTEM, **kw):
        return record_observation(actor, indicator or self.forest, kw.pop("area", self.area), year, value, **kw)

    def current(self, indicator=None, year=2022):
        return Observation.objects.get(indicator=indicator or self.forest, area=self.area, year=year,
                                       superseded_by__isnull=True)


class RecordingTest(ObservationTestCase):
    def test_it_records_a_value_with_who_entered_it_and_audits_it(self):
        obs = self.record(value="647737.35", actor=self.coordinator, source="QĐ 790/QĐ-UBND")
        self.assertEqual((obs.value, obs.kind, obs.entered_by, obs.flag), (Decimal("647737.35"), "actual",
                                                                            self.coordinator, ""))
        event = AuditEvent.objects.get(action="observation.recorded", object_id=str(obs.pk))
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.after["value"], "647737.350000")

    def test_it_converts_a_value_given_in_a_convertible_unit_and_keeps_what_was_entered(self):
        obs = self.record(value="6477.3735", unit="km²")
        self.assertEqual(obs.value, Decimal("647737.35"))
        self.assertEqual((obs.value_as_entered, obs.unit_as_entered), ("6477.3735", "km²"))
        self.assertEqual(self.record(year=2023, value="647,5", unit="nghìn ha").value, Decimal("647500"))

    def test_units_convert_by_an_explicit_table(self):
        self.assertEqual(units.convert(Decimal("2.5"), "MtCO2e", "tCO2e"), Decimal("2500000"))
        self.assertEqual(units.convert(Decimal("3"), "GWh", "MWh"), Decimal("3000"))
        self.assertEqual(units.convert(Decimal("0.7"), "kgCO2/kWh", "tCO2/MWh"), Decimal("0.7"))
        self.assertEqual(units.convert(Decimal("5"), "tấn CO2tđ", "tCO2e"), Decimal("5"))
        self.assertTrue(units.same("Km 2", "km²"))

    def test_it_refuses_an_unknown_unit_naming_it_and_writes_nothing(self):
        with self.assertRaises(ServiceError) as caught:
            self.record(unit="furlong²")
        self.assertIn("furlong²", caught.exception.message)
        self.assertEqual(caught.exception.field, "unit")
        with self.assertRaises(ServiceError) as caught:
            self.record(unit="%")
        self.assertIn("“%”", caught.exception.message)
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="observation.recorded").exists())

    def test_it_refuses_a_value_outside_the_plausible_range(self):
        with self.assertRaises(ServiceError) as caught:
            self.record(self.cover, value="120")
        self.assertIn("120", caught.exception.message)
        self.assertEqual(caught.exception.field, "value")
        with self.assertRaises(ServiceError):
            self.record(value="-1")
        self.assertFalse(Observation.objects.exists())

    def test_it_refuses_a_year_or_value_it_cannot_read(self):
        for year, value in ((1850, "1"), ("2022a", "1"), (2022, "many"), (2022, "NaN")):
            with self.subTest(year=year, value=value), self.assertRaises(ServiceError):
                self.record(year=year, value=value)
        self.assertFalse(Observation.objects.exists())


class PeriodTest(ObservationTestCase):
    def test_an_actual_supersedes_the_estimate_and_both_are_kept(self):
        estimate = self.record(value="640000", kind=ValueKind.ESTIMATE)
        actual = self.record(value="647737.35")
        estimate.refresh_from_db()
        self.assertEqual(estimate.superseded_by, actual)
        self.assertEqual(self.current(), actual)
        self.assertEqual(Observation.objects.filter(indicator=self.forest, year=2022).count(), 2)
        event = AuditEvent.objects.get(action="observation.recorded", object_id=str(actual.pk))
        self.assertEqual(event.after["supersedes"], estimate.pk)

    def test_a_second_actual_is_refused_as_a_duplicate_period_unless_replacing_explicitly(self):
        first = self.record(value="100")
        with self.assertRaises(ServiceError) as caught:
            self.record(value="101")
        self.assertEqual(caught.exception.field, "year")
        self.assertEqual(Observation.objects.count(), 1)
        second = self.record(value="101", replace=True)
        first.refresh_from_db()
        self.assertEqual((first.superseded_by, self.current()), (second, second))

    def test_an_estimate_after_an_actual_is_refused(self):
        self.record(value="100")
        with self.assertRaises(ServiceError) as caught:
            self.record(value="99", kind=ValueKind.ESTIMATE, replace=True)
        self.assertEqual(caught.exception.field, "kind")
        self.assertEqual(Observation.objects.count(), 1)

    def test_another_area_or_year_is_another_period(self):
        self.record(value="100")
        self.record(value="100", area=self.org("trung-uong"))
        self.record(value="101", year=2023)
        self.assertEqual(Observation.objects.filter(superseded_by__isnull=True).count(), 3)


class JumpTest(ObservationTestCase):
    def test_a_jump_beyond_the_default_is_flagged_not_refused_with_from_and_to(self):
        self.record(year=2022, value="100")
        self.assertEqual(self.record(year=2023, value="149").flag, "")
        jump = self.record(year=2024, value="300")
        self.assertEqual(jump.flag, FlagState.FLAGGED)
        self.assertIn("149", jump.flag_note)
        self.assertIn("300", jump.flag_note)
        self.assertIn("2023", jump.flag_note)

    def test_the_indicators_own_largest_change_applies(self):
        self.record(self.cover, year=2022, value="53.6")
        self.assertEqual(self.record(self.cover, year=2025, value="54.09").flag, "")
        self.assertEqual(self.record(self.cover, year=2026, value="60").flag, FlagState.FLAGGED)  # +10.9 % > 5 %

    def test_the_coordinator_confirms_a_flagged_value_once(self):
        self.record(year=2022, value="100")
        jump = self.record(year=2023, value="10")
        confirmed = confirm_observation(self.coordinator, jump)
        jump.refresh_from_db()
        self.assertEqual((jump.flag, jump.reviewed_by), (FlagState.CONFIRMED, self.coordinator))
        self.assertIsNotNone(jump.reviewed_at)
        self.assertEqual(confirmed.flag, FlagState.CONFIRMED)
        self.assertTrue(AuditEvent.objects.filter(action="observation.confirmed", object_id=str(jump.pk)).exists())
        with self.assertRaises(ServiceError):
            confirm_observation(self.coordinator, jump)

    def test_only_the_coordinator_confirms(self):
        self.record(year=2022, value="100")
        jump = self.record(year=2023, value="10")
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer", "anonymous"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                confirm_observation(getattr(self, persona), jump)
        jump.refresh_from_db()
        self.assertEqual(jump.flag, FlagState.FLAGGED)


class PermissionTest(ObservationTestCase):
    def test_the_reporting_body_attaches_a_value_to_its_report_on_a_linked_task(self):
        report = self.report("VIII.5.3", "th-snnmt")
        obs = self.record(actor=self.nnmt_reporter, report=report, kind=ValueKind.ESTIMATE)
        self.assertEqual((obs.report, obs.entered_by), (report, self.nnmt_reporter))
        actual = self.record(actor=self.nnmt_approver, report=report, value="101")
        self.assertEqual(self.current(), actual)

    def test_others_are_refused_and_nothing_is_written(self):
        own = self.report("VIII.5.3", "th-snnmt")
        unlinked = self.report("I.1", "th-snnmt")
        cases = [
            ("nnmt_reporter", None, self.forest),        # no report: coordinator only
            ("nnmt_reporter", unlinked, self.forest),    # the indicator does not measure that task
            ("nnmt_reporter", own, self.cover),          # nor this indicator that one
            ("yte_reporter", own, self.forest),          # another body's report
            ("commune", own, self.forest),
            ("viewer", own, self.forest),
            ("anonymous", own, self.forest),
        ]
        for persona, report, indicator in cases:
            with self.subTest(persona=persona, report=report), self.assertRaises(PermissionDenied):
                self.record(indicator, actor=getattr(self, persona), report=report)
        with self.assertRaises(PermissionDenied):  # not the body's area
            self.record(actor=self.nnmt_reporter, report=own, area=self.org("trung-uong"))
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="observation.recorded").exists())

    def test_a_reporter_does_not_replace_a_value_the_coordinator_recorded(self):
        self.record(actor=self.coordinator, value="100")
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.nnmt_reporter, report=self.report("VIII.5.3", "th-snnmt"), value="5",
                        replace=True)
        self.assertEqual(self.current().value, Decimal("100"))


class RegistryServicesTest(ObservationTestCase):
    def test_indicators_are_written_by_the_coordinator_with_versions_and_audit(self):
        with self.assertRaises(PermissionDenied):
            create_indicator(self.nnmt_reporter, framework="tt10", code="9.9", name="x", unit="ha")
        with self.assertRaises(ServiceError):
            create_indicator(SYSTEM, framework="other", code="forest-area", name="again", unit="ha")
        with self.assertRaises(ServiceError):
            create_indicator(SYSTEM, framework="tt10", code="9.9", name="x", unit="ha", objective=7)
        version = self.forest.version
        update_indicator(self.coordinator, self.forest, version, name_en="Forest area")
        self.assertEqual(Indicator.objects.get(pk=self.forest.pk).name_en, "Forest area")
        with self.assertRaises(StaleEdit):
            update_indicator(self.coordinator, Indicator.objects.get(pk=self.forest.pk), version, name_en="x")
        self.assertTrue(AuditEvent.objects.filter(action="indicator.updated", object_id=str(self.forest.pk)).exists())

    def test_targets_are_checked_by_kind(self):
        with self.assertRaises(ServiceError) as caught:
            add_target(self.coordinator, self.forest, kind=TargetKind.CHANGE, value=-15, year=2030)
        self.assertEqual(caught.exception.field, "baseline_year")
        with self.assertRaises(ServiceError) as caught:
            add_target(self.coordinator, self.forest, kind=TargetKind.ANNUAL, value=10000, year=2030)
        self.assertEqual(caught.exception.field, "start_year")
        with self.assertRaises(ServiceError):
            add_target(self.coordinator, self.cover, kind=TargetKind.LEVEL, value=20, value_max=15, year=2030)
        with self.assertRaises(PermissionDenied):
            add_target(self.nnmt_reporter, self.cover, kind=TargetKind.LEVEL, value=42, year=2030)
        target = add_target(self.coordinator, self.forest, kind=TargetKind.ANNUAL, value=10000, start_year=2023,
                            year=2030, area=self.area)
        target = update_target(self.coordinator, target, target.version, value=12000)
        self.assertEqual(Target.objects.get(pk=target.pk).value, Decimal("12000"))
        with self.assertRaises(ServiceError):
            delete_target(self.coordinator, target, target.version - 1)
        delete_target(self.coordinator, target, target.version)
        self.assertFalse(Target.objects.exists())
        self.assertEqual(AuditEvent.objects.filter(action__startswith="target.").count(), 3)


class FollowingYearJumpTest(ObservationTestCase):
    def test_a_value_put_before_an_existing_year_flags_the_jump_to_that_year(self):
        later = self.record(year=2024, value="10000")
        self.assertEqual(self.record(year=2023, value="100").flag, "")
        later.refresh_from_db()
        self.assertEqual(later.flag, FlagState.FLAGGED)
        self.assertIn("2023", later.flag_note)
        self.assertTrue(AuditEvent.objects.filter(action="observation.flagged", object_id=str(later.pk)).exists())

    def test_replacing_a_year_rechecks_the_next_one(self):
        self.record(year=2024, value="10000")
        following = self.record(year=2025, value="10500")
        self.record(year=2024, value="50", replace=True)
        following.refresh_from_db()
        self.assertEqual(following.flag, FlagState.FLAGGED)

    def test_a_confirmed_next_value_is_left_alone(self):
        self.record(year=2022, value="100")
        jump = confirm_observation(self.coordinator, self.record(year=2023, value="10"))
        self.record(year=2022, value="12", replace=True)
        jump.refresh_from_db()
        self.assertEqual(jump.flag, FlagState.CONFIRMED)


class WithdrawTest(ObservationTestCase):
    def test_a_value_filed_with_a_draft_report_is_withdrawn_by_its_body_or_the_coordinator(self):
        report = self.report("VIII.5.3", "th-snnmt")
        for persona in ("nnmt_reporter", "coordinator"):
            with self.subTest(persona):
                filed = self.record(actor=self.nnmt_reporter, report=report, kind=ValueKind.ESTIMATE)
                withdraw_observation(getattr(self, persona), filed)
                self.assertFalse(Observation.objects.filter(pk=filed.pk).exists())
        self.assertEqual(AuditEvent.objects.filter(action="observation.withdrawn").count(), 2)

    def test_other_values_are_never_withdrawn(self):
        report = self.report("VIII.5.3", "th-snnmt")
        recorded = self.record(actor=self.coordinator, year=2021)
        estimate = self.record(actor=self.nnmt_reporter, report=report, kind=ValueKind.ESTIMATE)
        replaced = self.record(actor=self.nnmt_reporter, report=report, year=2023, kind=ValueKind.ESTIMATE)
        self.record(actor=self.nnmt_reporter, report=report, year=2023, value="101")   # the actual supersedes it
        for persona, observation, error in [("coordinator", recorded, ServiceError),   # not filed with a report
                                            ("nnmt_reporter", replaced, ServiceError),  # superseded: the record
                                            ("yte_reporter", estimate, PermissionDenied),
                                            ("viewer", estimate, PermissionDenied),
                                            ("anonymous", estimate, PermissionDenied)]:
            with self.subTest(persona=persona, observation=observation), self.assertRaises(error):
                withdraw_observation(getattr(self, persona), observation)
        self.assertEqual(Observation.objects.count(), 4)
        self.assertFalse(AuditEvent.objects.filter(action="observation.withdrawn").exists())


class WithdrawRulesTest(ObservationTestCase):
    def deliver(self, report):
        from xanh.reporting import services as reporting

        report = reporting.save_report(SYSTEM, report, report.version, {"status": "recurring", "results": "Đã làm."})
        report = reporting.submit(SYSTEM, report, report.version)
        report = reporting.approve(SYSTEM, report, report.version)
        return reporting.accept(SYSTEM, report, report.version)

    def test_the_body_does_not_withdraw_a_value_the_coordinator_filed_with_its_report(self):
        report = self.report("VIII.5.3", "th-snnmt")
        filed = self.record(actor=self.coordinator, report=report, kind=ValueKind.ESTIMATE)
        with self.assertRaises(PermissionDenied):
            withdraw_observation(self.nnmt_reporter, filed)
        withdraw_observation(self.coordinator, filed)
        self.assertFalse(Observation.objects.filter(pk=filed.pk).exists())

    def test_a_value_filed_with_a_report_follows_the_reports_rules_whoever_files_it(self):
        unlinked = self.report("I.1", "th-snnmt")
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.coordinator, report=unlinked)
        with self.assertRaises(PermissionDenied):
            self.record(actor=self.coordinator, report=self.report("VIII.5.3", "th-snnmt"),
                        area=self.org("trung-uong"))
        self.deliver(self.report("VIII.5.3", "th-snnmt"))
        with self.assertRaises(ServiceError):
            self.record(actor=self.coordinator, report=self.report("VIII.5.3", "th-snnmt"))
        self.assertFalse(Observation.objects.exists())

    def test_a_value_once_public_is_never_withdrawn_even_after_the_report_is_reopened(self):
        from xanh.reporting import services as reporting

        report = self.report("VIII.5.3", "th-snnmt")
        filed = self.record(actor=self.nnmt_reporter, report=report, kind=ValueKind.ESTIMATE)
        self.assertFalse(filed.released)
        report = self.deliver(self.fresh(report))
        filed.refresh_from_db()
        self.assertTrue(filed.released)
        reporting.reopen(SYSTEM, report, report.version, "Bổ sung.")
        for persona in ("nnmt_reporter", "coordinator"):
            with self.subTest(persona), self.assertRaises(ServiceError):
                withdraw_observation(getattr(self, persona), filed)
        self.assertTrue(Observation.objects.filter(pk=filed.pk).exists())

    def test_withdrawing_a_value_judges_the_reports_next_value_again(self):
        report = self.report("VIII.5.3", "th-snnmt")
        self.record(year=2021, value="100")
        filed = self.record(actor=self.nnmt_reporter, report=report, year=2022, value="300", kind=ValueKind.ESTIMATE)
        following = self.record(actor=self.nnmt_reporter, report=report, year=2023, value="110",
                                kind=ValueKind.ESTIMATE)
        self.assertEqual(following.flag, FlagState.FLAGGED)   # 300 → 110 is a drop of 63 %
        withdraw_observation(self.nnmt_reporter, filed)
        following.refresh_from_db()
        self.assertEqual((following.flag, following.flag_note), (FlagState.NONE, ""))   # 100 → 110 is plausible
        self.assertTrue(AuditEvent.objects.filter(action="observation.unflagged", object_id=str(following.pk)).exists())

    def test_a_draft_is_no_yardstick_for_public_values_until_its_report_is_accepted(self):
        report = self.report("VIII.5.3", "th-snnmt")
        self.record(year=2021, value="100")
        public = self.record(year=2023, value="110")
        self.record(actor=self.nnmt_reporter, report=report, year=2022, value="300", kind=ValueKind.ESTIMATE)
        public.refresh_from_db()
        self.assertEqual(public.flag, FlagState.NONE)   # the public value is not flagged against a draft
        self.record(actor=self.coordinator, year=2024, value="112")   # nor is a new one judged against it
        self.assertEqual(self.current(year=2024).flag, FlagState.NONE)
        self.deliver(self.fresh(report))
        public.refresh_from_db()
        self.assertEqual(public.flag, FlagState.FLAGGED)   # once released, 300 → 110 is a public jump
        self.assertIn("300", public.flag_note)


class PendingValueTest(ObservationTestCase):
    """Two bodies report tasks one indicator measures: a value waiting with one body's report is neither shown
    to nor replaced by the other; the coordinator's figure supersedes it."""

    def test_another_bodys_pending_value_is_not_quoted_and_the_coordinators_figure_wins(self):
        set_indicator_links(SYSTEM, self.forest, tasks=[self.plan.tasks.get(ref="VIII.5.3"),
                                                         self.plan.tasks.get(ref="I.1")])
        pending = self.record(actor=self.nnmt_reporter, report=self.report("VIII.5.3", "th-snnmt"), value="123",
                              kind=ValueKind.ESTIMATE)
        with self.assertRaises(ServiceError) as caught:
            self.record(actor=self.yte_reporter, report=self.report("I.1", "th-syt"), value="5",
                        kind=ValueKind.ESTIMATE, replace=True)
        self.assertNotIn("123", str(caught.exception.message))
        official = self.record(actor=self.coordinator, value="120", kind=ValueKind.ESTIMATE)
        pending.refresh_from_db()
        self.assertEqual((pending.superseded_by, official.released), (official, True))

    def test_a_pending_value_is_judged_again_when_the_coordinator_changes_the_year_before(self):
        self.record(year=2021, value="100")
        pending = self.record(actor=self.nnmt_reporter, report=self.report("VIII.5.3", "th-snnmt"), year=2022,
                              value="110", kind=ValueKind.ESTIMATE)
        self.assertEqual(pending.flag, FlagState.NONE)
        self.record(actor=self.coordinator, year=2021, value="10", replace=True)
        pending.refresh_from_db()
        self.assertEqual(pending.flag, FlagState.FLAGGED)   # 10 → 110
