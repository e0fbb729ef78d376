"""Use case: the coordinator says which themes and tasks of the plan an indicator measures, by code and
reference; the bodies reporting a linked task then file the indicator's values with their report."""

from django.urls import reverse

from tests.indicators.report_values import ReportValueTestCase
from xanh.core.models import AuditEvent


class IndicatorLinkTests(ReportValueTestCase):
    def url(self, indicator=None):
        return reverse("indicators:links", args=[(indicator or self.other).pk])

    def test_the_coordinator_links_an_indicator_to_tasks_and_the_reporting_body_files_its_values(self):
        client = self.signed_in("coordinator")
        self.assertContains(client.get(reverse("indicators:detail", args=[self.other.pk])), self.url())
        answer = client.post(self.url(), {"themes": "I", "tasks": "I.1; I.2"})
        self.assertRedirects(answer, reverse("indicators:detail", args=[self.other.pk]),
                             fetch_redirect_response=False)
        self.assertEqual(sorted(t.ref for t in self.other.tasks.all()), ["I.1", "I.2"])
        self.assertEqual([t.code for t in self.other.themes.all()], ["I"])
        self.assertTrue(AuditEvent.objects.filter(action="indicator.links", object_id=str(self.other.pk)).exists())
        self.assertContains(client.get(self.url()), 'value="I.1, I.2"')
        report = self.report("I.1", "th-snnmt")
        page = self.signed_in("nnmt_reporter").get(reverse("reporting:report", args=[report.pk]))
        self.assertContains(page, 'data-indicator="T-OTHER"')

    def test_an_unknown_code_or_reference_is_named_and_nothing_changes(self):
        client = self.signed_in("coordinator")
        for data, field, named in [({"tasks": "VIII.5.3, IX.99"}, "tasks", "IX.99"),
                                   ({"themes": "Z"}, "themes", "Z")]:
            with self.subTest(data):
                answer = client.post(self.url(self.planted), data)
                self.assertEqual(answer.status_code, 400)
                self.assertIn(named, answer.context["form"].errors[field][0])
        self.assertEqual([t.ref for t in self.planted.tasks.all()], ["VIII.5.3"])

    def test_only_the_coordinator_edits_the_links(self):
        for persona in ("nnmt_reporter", "viewer"):
            with self.subTest(persona):
                self.assertEqual(self.signed_in(persona).post(self.url(), {"tasks": "I.1"}).status_code, 403)
        self.assertNotContains(self.signed_in("viewer").get(reverse("indicators:detail", args=[self.other.pk])),
                               self.url())
        self.assertFalse(self.other.tasks.exists())
