"""Use case: the body leading an indicator is merged after the indicator was set up; pages, API and open data
name the body that carries its duties now, without the coordinator editing every indicator."""

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse

from tests.api.clients import ApiPersonas
from tests.personas import PlanTestCase
from xanh.core.services import SYSTEM
from xanh.indicators.models import Indicator
from xanh.indicators.services import create_indicator
from xanh.organizations.models import Organization, OrgKind
from xanh.organizations.services import add_succession, create_organization


class LeadFollowedTest(ApiPersonas, PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.former = Organization.objects.get(code="th-snnmt")
        cls.indicator = create_indicator(SYSTEM, framework="other", code="L-1", name="Chỉ tiêu thử", unit="%",
                                         lead=cls.former, lead_as_written=cls.former.name)

    def merge(self):
        merged = create_organization(SYSTEM, code="th-sxanh", name="Sở Tăng trưởng xanh tỉnh Thanh Hóa",
                                     kind=OrgKind.DEPARTMENT, parent=self.former.parent)
        add_succession(SYSTEM, predecessor=self.former, successor=merged,
                       effective_date=date.today() - timedelta(days=30), legal_basis="Quyết định thử")
        return merged

    def test_before_any_merger_the_lead_is_the_body_as_set(self):
        self.assertEqual(self.api("anonymous", "GET", f"/indicators/{self.indicator.pk}").json()["lead"], "th-snnmt")

    def test_after_a_merger_the_body_carrying_the_duties_leads(self):
        merged = self.merge()
        self.assertEqual(self.api("anonymous", "GET", f"/indicators/{self.indicator.pk}").json()["lead"], merged.code)
        listed = {r["code"]: r["lead"] for r in self.api("anonymous", "GET", "/indicators").json()}
        self.assertEqual(listed["L-1"], merged.code)
        page = Client().get(reverse("indicators:detail", args=[self.indicator.pk]))
        self.assertContains(page, reverse("organizations:detail", args=[merged.code]))
        self.assertContains(page, self.former.name)   # "formerly …"
        rows = Client().get("/open/indicators.json").json()["rows"]
        self.assertEqual(next(r["lead_body"] for r in rows if r["code"] == "L-1"), merged.name)
        self.assertIn(merged.name, Client().get(reverse("indicators:list")).content.decode())
        self.assertEqual(Indicator.objects.get(pk=self.indicator.pk).lead, self.former)   # nothing rewritten
