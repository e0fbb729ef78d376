"""Use case: the body that reports a task files the values of the indicators measuring it with its report,
on the report page — and withdraws one while the report is still a draft."""

from decimal import Decimal

from django.urls import reverse

from tests.indicators.report_values import BODY, ReportValueTestCase
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.enums import FlagState, ValueKind
from xanh.indicators.models import Observation
from xanh.indicators.services import record_observation


class ReportValuePageTests(ReportValueTestCase):
    def page(self, report=None, persona="nnmt_reporter"):
        return self.signed_in(persona).get(reverse("reporting:report", args=[(report or self.own()).pk]))

    def post(self, persona="nnmt_reporter", report=None, htmx=False, **fields):
        data = {"value-indicator": str(self.planted.pk), "value-area": str(self.province.pk), "value-year": "2026",
                "value-value": "10.500", "value-kind": ValueKind.ESTIMATE, "value-source": "Báo cáo của Sở"}
        data.update({f"value-{k}": v for k, v in fields.items()})
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        return self.signed_in(persona).post(reverse("indicators:report_value_new", args=[(report or self.own()).pk]),
                                            data, **headers)

    def test_the_reporter_sees_the_tasks_indicators_with_the_latest_value_and_a_form(self):
        page = self.page()
        self.assertContains(page, 'id="report-values"')
        self.assertContains(page, 'data-indicator="T-PLANT"')
        self.assertNotContains(page, 'data-indicator="T-OTHER"')
        self.assertContains(page, "9.600 ha")   # the coordinator's 2025 value, for reference
        self.assertContains(page, 'id="report-value-form"')
        self.assertContains(page, 'name="value-year" value="2026"')

    def test_a_report_on_a_task_no_indicator_measures_has_no_panel(self):
        self.assertNotContains(self.page(self.report("I.1", BODY)), 'id="report-values"')

    def test_the_reporter_files_this_years_estimate_written_the_vietnamese_way(self):
        answer = self.post()
        self.assertRedirects(answer, reverse("reporting:report", args=[self.own().pk]) + "#report-values",
                             fetch_redirect_response=False)
        filed = Observation.objects.get(report=self.own())
        self.assertEqual((filed.value, filed.year, filed.kind, filed.area, filed.entered_by, filed.source),
                         (Decimal(10500), 2026, ValueKind.ESTIMATE, self.province, self.nnmt_reporter,
                          "Báo cáo của Sở"))
        self.assertContains(self.page(), f'id="filed-{filed.pk}"')

    def test_with_htmx_the_panel_comes_back_alone_with_the_value_and_a_note(self):
        answer = self.post(htmx=True, value="10500")
        self.assertEqual(answer.status_code, 200)
        self.assertTemplateUsed(answer, "indicators/_report_values.html")
        self.assertTemplateNotUsed(answer, "reporting/report.html")
        filed = Observation.objects.get(report=self.own())
        self.assertContains(answer, f'id="filed-{filed.pk}"')
        self.assertContains(answer, 'class="success"')

    def test_a_jump_is_recorded_and_the_reporter_told_it_goes_to_the_coordinator(self):
        answer = self.post(htmx=True, value="30000")
        filed = Observation.objects.get(report=self.own())
        self.assertEqual(filed.flag, FlagState.FLAGGED)
        self.assertContains(answer, 'class="warning"')
        self.assertContains(answer, "9.600")

    def test_bad_input_names_the_field_keeps_what_was_typed_and_writes_nothing(self):
        cases = [({"value": "mười nghìn"}, "value"), ({"value": "-5"}, "value"), ({"unit": "gallon"}, "unit"),
                 ({"year": "1850"}, "year"), ({"indicator": str(self.other.pk)}, "indicator"),
                 ({"area": str(self.org("trung-uong").pk)}, "area")]
        for fields, field in cases:
            with self.subTest(fields):
                answer = self.post(**fields)
                self.assertEqual(answer.status_code, 400)
                self.assertTrue(answer.context["panels"][0]["form"].errors.get(field), answer.context["panels"][0][
                    "form"].errors)
                typed = next(iter(fields.values()))
                if field in ("value", "unit"):
                    self.assertContains(answer, f'value="{typed}"', status_code=400)
        self.assertFalse(Observation.objects.filter(report=self.own()).exists())
        self.assertFalse(AuditEvent.objects.filter(action="observation.recorded", actor=self.nnmt_reporter).exists())

    def test_with_htmx_a_refusal_comes_back_in_the_panel_with_its_error(self):
        answer = self.post(htmx=True, value="-5")
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(answer.context["panel"]["form"].errors["value"])
        self.assertFalse(Observation.objects.filter(report=self.own()).exists())

    def test_once_submitted_the_values_stay_listed_and_nothing_more_is_filed(self):
        filed = self.file()
        self.deliver(self.own(), until="approve")
        page = self.page()
        self.assertContains(page, f'id="filed-{filed.pk}"')
        self.assertNotContains(page, 'id="report-value-form"')
        self.assertNotContains(page, reverse("indicators:report_value_withdraw", args=[filed.pk]))
        answer = self.post(year="2024")
        self.assertEqual(answer.status_code, 400)
        self.assertFalse(Observation.objects.filter(year=2024).exists())
        self.assertContains(self.page(persona="coordinator"), f'id="filed-{filed.pk}"')

    def test_other_bodies_cannot_file_on_the_report(self):
        for persona in ("yte_reporter", "commune", "viewer"):   # a draft is the body's own
            with self.subTest(persona):
                self.assertEqual(self.post(persona).status_code, 404)
        self.deliver(self.own(), until="approve")
        self.assertEqual(self.post("viewer").status_code, 403)   # reads the delivered report, never writes for it
        self.assertFalse(Observation.objects.filter(report=self.own()).exists())

    def test_the_reporter_withdraws_a_value_and_the_one_it_replaced_is_current_again(self):
        estimate = record_observation(SYSTEM, self.planted, self.province, 2026, Decimal(9000),
                                      kind=ValueKind.ESTIMATE)
        replacement = self.file(value="9700", kind=ValueKind.ACTUAL)
        estimate.refresh_from_db()
        self.assertEqual(estimate.superseded_by, replacement)
        url = reverse("indicators:report_value_withdraw", args=[replacement.pk])
        self.assertContains(self.page(), url)
        answer = self.signed_in("nnmt_reporter").post(url)
        self.assertRedirects(answer, reverse("reporting:report", args=[self.own().pk]) + "#report-values",
                             fetch_redirect_response=False)
        self.assertFalse(Observation.objects.filter(pk=replacement.pk).exists())
        estimate.refresh_from_db()
        self.assertIsNone(estimate.superseded_by)
        event = AuditEvent.objects.get(action="observation.withdrawn", object_id=str(replacement.pk))
        self.assertEqual((event.actor, event.before["supersedes"]), (self.nnmt_reporter, estimate.pk))
        self.assertEqual(Decimal(event.before["value"]), Decimal(9700))
