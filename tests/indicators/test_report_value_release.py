"""Use case: a value a body files with its report reaches the public when the coordinator accepts the report;
until then the public keeps reading the value it replaced (pages, API, assessments, open data)."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from tests.api.clients import ApiPersonas
from tests.indicators.report_values import ReportValueTestCase
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.assess_cli import assess_all
from xanh.indicators.enums import TargetKind, ValueKind
from xanh.indicators.models import Observation
from xanh.indicators.services import add_target, record_observation
from xanh.reporting import services as reporting

SDMX = "/open/sdmx/observations.csv"


class ReportValueReleaseTests(ApiPersonas, ReportValueTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_target(SYSTEM, cls.planted, area=cls.province, kind=TargetKind.LEVEL, value=Decimal(20000), year=2030)
        # the coordinator's estimate for 2026, then the body's actual filed with its report
        cls.estimate = record_observation(SYSTEM, cls.planted, cls.province, 2026, Decimal(9000),
                                          kind=ValueKind.ESTIMATE)

    def setUp(self):
        self.filed = self.file(value="10500", kind=ValueKind.ACTUAL)

    def public_values(self) -> dict[int, str]:
        rows = self.client.get("/open/observations.json").json()["rows"]
        return {r["year"]: r["value"] for r in rows if r["indicator_code"] == "T-PLANT"}

    def latest(self, user) -> Decimal:
        (item,) = [i for i in assess_all(user, today_year=2026) if i.indicator == self.planted]
        return item.progress.latest_value

    def test_before_acceptance_the_public_reads_the_value_it_replaced_and_officers_the_new_one(self):
        self.assertEqual(self.public_values(), {2025: "9600", 2026: "9000"})
        self.assertNotIn("10500", self.client.get(SDMX).content.decode())
        api = self.api("anonymous", "GET", "/observations", indicator="T-PLANT", year=2026).json()["items"]
        self.assertEqual([(o["value"], o["current"], o["superseded_by"]) for o in api],
                         [("9000.000000", True, None)])
        current = self.api("anonymous", "GET", "/observations", indicator="T-PLANT", current="true").json()
        self.assertEqual([o["value"] for o in current["items"]], ["9600.000000", "9000.000000"])
        officer = self.api("coordinator", "GET", "/observations", indicator="T-PLANT", current="true").json()
        self.assertEqual([o["value"] for o in officer["items"]], ["9600.000000", "10500.000000"])
        self.assertEqual((self.latest(AnonymousUser()), self.latest(self.coordinator)), (9000, 10500))
        page = Client().get(reverse("indicators:detail", args=[self.planted.pk]))
        self.assertNotContains(page, f'id="obs-{self.filed.pk}"')
        self.assertContains(page, f'id="obs-{self.estimate.pk}"')
        self.assertContains(page, 'data-current="1" data-released="1"')
        officer_page = self.signed_in("coordinator").get(reverse("indicators:detail", args=[self.planted.pk]))
        self.assertContains(officer_page, f'id="obs-{self.filed.pk}"')
        self.assertContains(officer_page, 'data-current="1" data-released="0"')

    def test_once_the_report_is_accepted_the_public_reads_the_new_value(self):
        self.deliver(self.own())
        self.assertEqual(self.public_values(), {2025: "9600", 2026: "10500"})
        self.assertEqual(self.latest(AnonymousUser()), 10500)
        page = Client().get(reverse("indicators:detail", args=[self.planted.pk]))
        self.assertContains(page, f'id="obs-{self.filed.pk}"')
        self.assertNotContains(page, f'id="obs-{self.estimate.pk}"')

    def test_a_reopened_report_keeps_its_published_value_until_the_correction_is_accepted(self):
        report = self.deliver(self.own())
        report = reporting.reopen(SYSTEM, report, report.version, "Sửa số liệu.")
        self.assertEqual(self.public_values(), {2025: "9600", 2026: "10500"})
        corrected = self.file(value="10200", kind=ValueKind.ACTUAL, replace=True)
        self.assertEqual(self.public_values(), {2025: "9600", 2026: "10500"})
        self.assertEqual(self.latest(self.coordinator), 10200)
        self.deliver(self.fresh(report))
        self.assertEqual(self.public_values(), {2025: "9600", 2026: "10200"})
        self.assertTrue(AuditEvent.objects.filter(action="observation.released", object_id=str(corrected.pk)).exists())

    def test_other_bodies_and_leadership_read_a_draft_value_only_once_accepted(self):
        for persona, sees in (("coordinator", True), ("nnmt_approver", True), ("yte_reporter", False),
                              ("viewer", False), ("anonymous", False)):
            with self.subTest(persona):
                user = AnonymousUser() if persona == "anonymous" else getattr(self, persona)
                readable = Observation.objects.restrict(user, "view")
                self.assertEqual(readable.filter(pk=self.filed.pk).exists(), sees)
                current = {o.year: o.value for o in readable.current_for(user).filter(indicator=self.planted)}
                self.assertEqual(current[2026], Decimal(10500) if sees else Decimal(9000))

    def test_the_public_does_not_read_why_a_value_was_flagged(self):
        jump = record_observation(SYSTEM, self.planted, self.province, 2027, Decimal(30000))
        self.assertTrue(jump.flag_note)
        rows = self.api("anonymous", "GET", "/observations", indicator="T-PLANT", year=2027).json()["items"]
        self.assertEqual((rows[0]["flag"], rows[0]["flag_note"]), ("flagged", ""))
        self.assertEqual(self.api("viewer", "GET", "/observations", indicator="T-PLANT", year=2027).json()[
            "items"][0]["flag_note"], jump.flag_note)
        self.assertNotContains(Client().get(reverse("indicators:detail", args=[self.planted.pk])), jump.flag_note)

    def test_a_first_value_for_a_year_stays_internal_until_accepted(self):
        first = self.file(value="11000", year=2027, kind=ValueKind.ESTIMATE)
        self.assertNotIn(2027, self.public_values())
        self.assertFalse(Observation.objects.restrict(AnonymousUser(), "view").filter(pk=first.pk).exists())
        self.assertTrue(Observation.objects.restrict(self.coordinator, "view").filter(pk=first.pk).exists())

    def test_another_bodys_officer_reads_the_released_value_as_current_through_the_api(self):
        rows = self.api("yte_reporter", "GET", "/observations", indicator="T-PLANT", year=2026).json()["items"]
        self.assertEqual([(o["value"], o["current"], o["superseded_by"]) for o in rows],
                         [("9000.000000", True, None)])
        own = self.api("nnmt_reporter", "GET", "/observations", indicator="T-PLANT", year=2026).json()["items"]
        self.assertEqual([(o["value"], o["current"]) for o in own],
                         [("9000.000000", False), ("10500.000000", True)])

    def test_a_chain_with_a_pending_value_in_the_middle_has_one_current_value_for_every_reader(self):
        official = record_observation(SYSTEM, self.planted, self.province, 2026, Decimal(9900), replace=True)
        for persona in ("yte_reporter", "nnmt_reporter", "coordinator", "anonymous"):
            with self.subTest(persona):
                rows = self.api(persona, "GET", "/observations", indicator="T-PLANT", year=2026).json()["items"]
                self.assertEqual([o["value"] for o in rows if o["current"]], ["9900.000000"])
                current = self.api(persona, "GET", "/observations", indicator="T-PLANT", year=2026,
                                   current="false").json()["items"]
                self.assertNotIn(official.pk, [o["id"] for o in current])

    def test_the_coordinators_estimate_never_replaces_a_pending_actual(self):
        from xanh.core.errors import ServiceError

        with self.assertRaises(ServiceError):
            record_observation(SYSTEM, self.planted, self.province, 2026, Decimal(9100), kind=ValueKind.ESTIMATE)
