"""Use case: on an indicator's page the coordinator adds a target of each kind, edits it (a stale edit is
refused) and deletes it, every change audited; nobody else may, and a refused change writes nothing."""

from decimal import Decimal

from django.urls import reverse

from tests.indicators.board_states import IndicatorTestCase
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.enums import TargetKind
from xanh.indicators.models import Target
from xanh.indicators.services.targets import update_target

NATIONAL = "national"


class TargetPageCase(IndicatorTestCase):
    def setUp(self):
        self.new_url = reverse("indicators:target_new", args=[self.cover.pk])

    def data(self, **changes) -> dict:
        data = {"kind": TargetKind.LEVEL, "value": "45", "value_max": "", "year": "2035", "start_year": "",
                "baseline_year": "", "baseline_value": "", "area": str(self.province.pk), "text": "", "source": "",
                "confidence": "confirmed"}
        data.update(changes)
        return data

    def snapshot(self):
        return (list(Target.objects.order_by("pk").values()), AuditEvent.objects.count())


class TargetPermissionTests(TargetPageCase):
    def test_only_the_coordinator_sees_the_add_form_and_the_target_actions(self):
        detail = reverse("indicators:detail", args=[self.cover.pk])
        edit = reverse("indicators:target_edit", args=[self.cover_target.pk])
        for who in ("anonymous", "viewer", "yte_reporter", "coordinator"):
            with self.subTest(who=who):
                self.client.logout()
                if who != "anonymous":
                    self.signed_in(who)
                body = self.client.get(detail).content.decode()
                self.assertEqual('id="target-form"' in body, who == "coordinator")
                self.assertEqual(edit in body, who == "coordinator")

    def test_nobody_else_may_add_edit_or_delete_a_target_and_nothing_is_written(self):
        target = self.cover_target
        requests = [("get", self.new_url, {}), ("post", self.new_url, self.data()),
                    ("get", reverse("indicators:target_edit", args=[target.pk]), {}),
                    ("post", reverse("indicators:target_edit", args=[target.pk]),
                     self.data(value="99", version=str(target.version))),
                    ("post", reverse("indicators:target_delete", args=[target.pk]), {"version": target.version})]
        before = self.snapshot()
        for who in ("anonymous", "viewer", "nnmt_approver", "yte_reporter", "commune"):
            for method, url, data in requests:
                with self.subTest(who=who, url=url, method=method):
                    self.client.logout()
                    if who != "anonymous":
                        self.signed_in(who)
                    response = getattr(self.client, method)(url, data)
                    if who == "anonymous":
                        self.assertEqual(response.status_code, 302)
                        self.assertIn(reverse("login"), response["Location"])
                    else:
                        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.snapshot(), before)


class AddTargetTests(TargetPageCase):
    def setUp(self):
        super().setUp()
        self.signed_in("coordinator")

    def post(self, **changes):
        return self.client.post(self.new_url, self.data(**changes))

    def test_it_adds_a_level_target_with_a_range_for_the_province_and_records_it(self):
        response = self.post(value="45", value_max="47,5", year="2035", text="Duy trì 45–47,5 %", source="NQ")
        target = Target.objects.get(indicator=self.cover, year=2035)
        self.assertRedirects(response, reverse("indicators:detail", args=[self.cover.pk]) + f"#target-{target.pk}")
        self.assertEqual((target.kind, target.value, target.value_max, target.area), (
            TargetKind.LEVEL, Decimal(45), Decimal("47.5"), self.province))
        self.assertEqual((target.text, target.source), ("Duy trì 45–47,5 %", "NQ"))
        event = AuditEvent.objects.get(action="target.created", object_id=str(target.pk))
        self.assertEqual(event.actor.username, "coordinator")
        self.assertEqual(Decimal(event.after["value_max"]), Decimal("47.5"))

    def test_it_adds_a_national_change_target_from_a_baseline(self):
        self.post(kind=TargetKind.CHANGE, value="-15", year="2030", baseline_year="2014", baseline_value="1.234,5",
                  area=NATIONAL)
        target = Target.objects.get(indicator=self.cover, kind=TargetKind.CHANGE)
        self.assertIsNone(target.area)
        self.assertEqual((target.value, target.baseline_year, target.baseline_value),
                         (Decimal(-15), 2014, Decimal("1234.5")))

    def test_it_adds_annual_and_cumulative_targets_over_their_years(self):
        self.post(kind=TargetKind.ANNUAL, value="10.000", start_year="2023", year="2030")
        self.post(kind=TargetKind.CUMULATIVE, value="80.000", start_year="2023", year="2030")
        stored = {t.kind: (t.value, t.start_year, t.year) for t in Target.objects.filter(indicator=self.cover,
                                                                                         start_year=2023)}
        self.assertEqual(stored, {TargetKind.ANNUAL: (Decimal(10000), 2023, 2030),
                                  TargetKind.CUMULATIVE: (Decimal(80000), 2023, 2030)})

    def test_fields_the_kind_does_not_use_are_not_stored(self):
        self.post(kind=TargetKind.LEVEL, value="50", year="2032", start_year="2020", baseline_year="2014",
                  baseline_value="40")
        self.post(kind=TargetKind.ANNUAL, value="5", start_year="2024", year="2033", value_max="9",
                  baseline_year="2014")
        level = Target.objects.get(indicator=self.cover, year=2032)
        annual = Target.objects.get(indicator=self.cover, year=2033)
        self.assertEqual((level.start_year, level.baseline_year, level.baseline_value), (None, None, None))
        self.assertEqual((annual.value_max, annual.baseline_year, annual.start_year), (None, None, 2024))

    def test_each_kind_is_refused_with_the_error_on_the_field_at_fault_and_nothing_written(self):
        cases = [
            ("a change needs a baseline year", {"kind": TargetKind.CHANGE, "value": "-15"}, "baseline_year"),
            ("the baseline comes before the year", {"kind": TargetKind.CHANGE, "baseline_year": "2035"},
             "baseline_year"),
            ("an annual amount needs its start year", {"kind": TargetKind.ANNUAL}, "start_year"),
            ("a cumulative amount starts by its year", {"kind": TargetKind.CUMULATIVE, "start_year": "2036"},
             "start_year"),
            ("a range's upper value is not below the value", {"value_max": "40"}, "value_max"),
            ("the value is a number", {"value": "bốn lăm"}, "value"),
            ("the value is required", {"value": ""}, "value"),
            ("the year is a year", {"year": "35"}, "year"),
            ("the area is one offered", {"area": "999999"}, "area"),
            ("the kind is one of the four", {"kind": "rate"}, "kind"),
        ]
        before = self.snapshot()
        for label, changes, field in cases:
            with self.subTest(label):
                response = self.post(**changes)
                self.assertEqual(response.status_code, 200)
                errors = response.context["form"].errors
                self.assertEqual(list(errors), [field], errors)
        self.assertEqual(self.snapshot(), before)


class EditTargetTests(TargetPageCase):
    def setUp(self):
        super().setUp()
        self.signed_in("coordinator")
        self.target = Target.objects.get(pk=self.cover_target.pk)
        self.url = reverse("indicators:target_edit", args=[self.target.pk])

    def test_the_edit_form_shows_the_target_as_stored_in_vietnamese_numbers(self):
        update_target(SYSTEM, self.target, self.target.version, value=Decimal("1234.5"))
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form.initial["value"], "1.234,5")
        self.assertEqual(form.initial["area"], str(self.province.pk))
        self.assertEqual(form.initial["version"], self.target.version)

    def test_it_saves_an_edit_and_records_before_and_after(self):
        version = self.target.version
        response = self.client.post(self.url, self.data(value="61,5", year="2030", version=str(version)))
        self.assertEqual(response.status_code, 302)
        self.target.refresh_from_db()
        self.assertEqual((self.target.value, self.target.version), (Decimal("61.5"), version + 1))
        event = AuditEvent.objects.get(action="target.updated", object_id=str(self.target.pk))
        self.assertEqual((Decimal(event.before["value"]), Decimal(event.after["value"])),
                         (Decimal(60), Decimal("61.5")))

    def test_a_stale_edit_is_refused_and_the_other_edit_stands(self):
        opened = self.target.version
        update_target(SYSTEM, self.target, opened, value=Decimal(65))  # someone else saves first
        events = AuditEvent.objects.count()
        response = self.client.post(self.url, self.data(value="70", year="2030", version=str(opened)))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.target.refresh_from_db()
        self.assertEqual((self.target.value, self.target.version), (Decimal(65), opened + 1))
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_an_invalid_edit_names_the_field_and_writes_nothing(self):
        response = self.client.post(self.url, self.data(kind=TargetKind.CHANGE, value="-5",
                                                        version=str(self.target.version)))
        self.assertEqual(list(response.context["form"].errors), ["baseline_year"])
        self.target.refresh_from_db()
        self.assertEqual((self.target.kind, self.target.value), (TargetKind.LEVEL, Decimal(60)))


class DeleteTargetTests(TargetPageCase):
    def setUp(self):
        super().setUp()
        self.signed_in("coordinator")
        self.target = Target.objects.get(pk=self.cover_target.pk)
        self.url = reverse("indicators:target_delete", args=[self.target.pk])

    def test_it_deletes_a_target_and_records_what_it_was(self):
        response = self.client.post(self.url, {"version": self.target.version})
        self.assertRedirects(response, reverse("indicators:detail", args=[self.cover.pk]))
        self.assertFalse(Target.objects.filter(pk=self.target.pk).exists())
        event = AuditEvent.objects.get(action="target.deleted", object_id=str(self.target.pk))
        self.assertEqual(Decimal(event.before["value"]), Decimal(60))

    def test_a_delete_from_a_stale_page_is_refused(self):
        opened = self.target.version
        update_target(SYSTEM, self.target, opened, value=Decimal(65))
        self.client.post(self.url, {"version": opened})
        self.assertTrue(Target.objects.filter(pk=self.target.pk, value=Decimal(65)).exists())
        self.assertFalse(AuditEvent.objects.filter(action="target.deleted").exists())

    def test_a_delete_is_a_post(self):
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertTrue(Target.objects.filter(pk=self.target.pk).exists())
