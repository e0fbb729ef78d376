"""Use case: a body's client files an indicator value with its task report through the API, and withdraws it
while the report is a draft; refusals are 400/401/403/404 and change nothing."""

from tests.api.clients import ApiPersonas
from tests.indicators.report_values import ReportValueTestCase
from xanh.indicators.enums import ValueKind
from xanh.indicators.models import Observation


class ReportValueApiTests(ApiPersonas, ReportValueTestCase):
    def body(self, **changes):
        return {"indicator": "T-PLANT", "year": 2026, "value": "10500", "kind": "estimate",
                "report": self.own().pk, **changes}

    def test_the_reporter_files_a_value_with_its_report_and_the_area_defaults_to_the_province(self):
        answer = self.api("nnmt_reporter", "POST", "/observations", self.body())
        self.assertEqual(answer.status_code, 201, answer.content)
        row = answer.json()
        self.assertEqual((row["report"], row["area"], row["kind"], row["entered_by"]),
                         (self.own().pk, "th-ubnd", "estimate", "nnmt_reporter"))

    def test_refusals_name_what_is_wrong_and_write_nothing(self):
        unlinked = self.report("I.1", "th-snnmt").pk
        cases = [
            ("nnmt_reporter", self.body(report=None, area="th-ubnd"), 403, None),  # without a report: coordinator only
            ("nnmt_reporter", self.body(report=unlinked), 403, None),           # the indicator does not measure it
            ("nnmt_reporter", self.body(indicator="T-OTHER"), 403, None),
            ("yte_reporter", self.body(), 404, None),                           # a report it cannot see
            ("nnmt_reporter", self.body(area="trung-uong"), 403, None),         # not the body's area
            ("nnmt_reporter", self.body(value="-1"), 400, "value"),
            ("coordinator", self.body(report=None), 400, "area"),
            ("anonymous", self.body(), 401, None),
        ]
        for persona, payload, status, field in cases:
            with self.subTest(persona=persona, payload=payload):
                answer = self.api(persona, "POST", "/observations", payload)
                self.assertEqual(answer.status_code, status, answer.content)
                if field:
                    self.assertEqual(answer.json().get("field"), field)
        self.assertEqual(Observation.objects.count(), 1)   # the coordinator's 2025 value only

    def test_the_reporter_withdraws_its_draft_value_but_never_another_value(self):
        filed = self.file(kind=ValueKind.ESTIMATE)
        self.assertEqual(self.api("anonymous", "DELETE", f"/observations/{filed.pk}").status_code, 401)
        self.assertEqual(self.api("yte_reporter", "DELETE", f"/observations/{filed.pk}").status_code, 404)  # a draft's
        self.assertEqual(self.api("nnmt_reporter", "DELETE", f"/observations/{self.earlier.pk}").status_code, 400)
        self.assertEqual(self.api("nnmt_reporter", "DELETE", f"/observations/{filed.pk}").status_code, 204)
        self.assertFalse(Observation.objects.filter(pk=filed.pk).exists())
        self.assertEqual(self.api("nnmt_reporter", "DELETE", f"/observations/{filed.pk}").status_code, 404)

    def test_a_value_filed_with_a_delivered_report_stays(self):
        filed = self.file(kind=ValueKind.ESTIMATE)
        self.deliver(self.own(), until="approve")
        answer = self.api("nnmt_reporter", "DELETE", f"/observations/{filed.pk}")
        self.assertEqual(answer.status_code, 400)
        self.assertTrue(Observation.objects.filter(pk=filed.pk).exists())
