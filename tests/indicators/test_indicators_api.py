"""Use case: a machine client reads indicators, targets, values and assessments, and the coordinator's
client records values; refusals are 400/401/403/409 and write nothing."""

from django.test import Client
from django.utils.crypto import get_random_string

from tests.api.clients import ApiPersonas
from tests.indicators.board_states import THIS_YEAR, IndicatorTestCase
from xanh.indicators.assess_cli import FIELDS, as_json_row, assess_all, headlines
from xanh.indicators.models import Observation


class IndicatorApiTests(ApiPersonas, IndicatorTestCase):
    def body(self, **changes):
        return {"indicator": "T-COVER", "area": "th-ubnd", "year": THIS_YEAR, "value": "55.5", **changes}

    def test_the_public_reads_published_indicators_with_their_links(self):
        rows = self.api("anonymous", "GET", "/indicators").json()
        self.assertEqual([r["code"] for r in rows], ["9.9", "T-PLANT", "T-COVER"])
        planted = next(r for r in rows if r["code"] == "T-PLANT")
        self.assertEqual((planted["framework"], planted["unit"], planted["tasks"], planted["direction"]),
                         ("plan", "ha", ["VIII.5.3"], "higher"))
        self.assertEqual(self.api("anonymous", "GET", f"/indicators/{self.cover.pk}").json()["themes"], ["II"])
        self.assertEqual(self.api("anonymous", "GET", f"/indicators/{self.hidden.pk}").status_code, 404)
        self.assertEqual(self.api("viewer", "GET", f"/indicators/{self.hidden.pk}").status_code, 200)
        self.assertEqual([r["code"] for r in self.api("anonymous", "GET", "/indicators", q="do thi").json()], ["9.9"])

    def test_targets_and_observations_filter_by_indicator_area_and_year(self):
        targets = self.api("anonymous", "GET", "/targets", indicator="T-COVER").json()
        self.assertEqual([(t["kind"], t["area"], t["year"]) for t in targets],
                         [("level", "th-ubnd", 2030), ("level", None, 2050)])
        self.assertEqual(len(self.api("anonymous", "GET", "/targets", indicator="T-COVER", area="national").json()), 1)
        public = self.api("anonymous", "GET", "/observations", indicator=str(self.planted.pk), year=THIS_YEAR - 2)
        self.assertEqual([(o["kind"], o["current"], o["entered_by"]) for o in public.json()["items"]],
                         [("actual", True, None)])   # the public: current values, no officer's account
        page = self.api("viewer", "GET", "/observations", indicator=str(self.planted.pk), year=THIS_YEAR - 2).json()
        self.assertEqual(page["count"], 2)
        by_kind = {o["kind"]: o for o in page["items"]}
        self.assertEqual((by_kind["estimate"]["current"], by_kind["estimate"]["superseded_by"]),
                         (False, self.actual.pk))
        self.assertTrue(by_kind["actual"]["current"])
        current = self.api("anonymous", "GET", "/observations", indicator="T-PLANT", current="true").json()
        self.assertEqual([(o["year"], o["value"], o["flag"]) for o in current["items"]],
                         [(THIS_YEAR - 2, "9600.000000", ""), (THIS_YEAR - 1, "1234.500000", "flagged")])
        self.assertEqual(self.api("anonymous", "GET", "/observations", indicator="T-HIDDEN").json()["count"], 0)
        self.assertEqual(self.api("viewer", "GET", "/observations", indicator="T-HIDDEN").json()["count"], 1)

    def test_assessments_have_the_command_lines_fields_and_values(self):
        rows = self.api("anonymous", "GET", "/assessments").json()
        self.assertTrue(all(list(row) == FIELDS for row in rows))
        expected = [as_json_row(item) for item in headlines(assess_all(self.anonymous))]
        self.assertEqual(rows, expected)
        self.assertEqual({r["code"] for r in rows}, {"T-COVER", "T-PLANT"})
        cover = next(r for r in rows if r["code"] == "T-COVER")
        self.assertEqual((cover["latest_value"], cover["latest_period"], cover["target_value"], cover["target_year"]),
                         (54.09, THIS_YEAR - 1, 60.0, 2030))

    def test_the_coordinator_records_a_value_and_gets_it_back(self):
        response = self.api("coordinator", "POST", "/observations", self.body(unit="%", source="Cục Thống kê"))
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual((data["code"], data["area"], data["year"], data["value"], data["kind"], data["entered_by"]),
                         ("T-COVER", "th-ubnd", THIS_YEAR, "55.500000", "actual", "coordinator"))
        jump = self.api("coordinator", "POST", "/observations", self.body(indicator="T-PLANT", value=90000))
        self.assertEqual(jump.json()["flag"], "flagged")

    def test_refusals_write_nothing(self):
        before = Observation.objects.count()
        cases = [
            ("anonymous", self.body(), 401),
            ("nnmt_reporter", self.body(), 403),
            ("viewer", self.body(), 403),
            ("coordinator", self.body(value="250"), 400),                      # above the plausible 100 %
            ("coordinator", self.body(unit="tấn"), 400),                       # a unit that does not convert
            ("coordinator", self.body(indicator="NO-SUCH"), 400),
            ("coordinator", self.body(area="no-such-body"), 400),
            ("coordinator", self.body(year=THIS_YEAR - 1, value="54"), 409),   # the year holds an actual
            ("coordinator", self.body(year=THIS_YEAR - 1, kind="estimate"), 409),
        ]
        for persona, body, status in cases:
            with self.subTest(persona=persona, body=body):
                response = self.api(persona, "POST", "/observations", body)
                self.assertEqual(response.status_code, status, response.content)
                self.assertTrue(response.json()["detail"])
        self.assertEqual(Observation.objects.count(), before)
        fixed = self.api("coordinator", "POST", "/observations",
                         self.body(year=THIS_YEAR - 1, value="54", replace=True))
        self.assertEqual(fixed.status_code, 201)

    def test_a_session_must_carry_its_csrf_token_to_record(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.coordinator)
        before = Observation.objects.count()
        refused = browser.post("/api/v1/observations", self.body(), content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(Observation.objects.count(), before)
        token = get_random_string(32)
        browser.cookies["csrftoken"] = token
        saved = browser.post("/api/v1/observations", self.body(), content_type="application/json",
                             HTTP_X_CSRFTOKEN=token)
        self.assertEqual(saved.status_code, 201, saved.content[:300])

    def test_the_openapi_document_lists_the_endpoints(self):
        paths = self.client.get("/api/v1/openapi.json").json()["paths"]
        for path in ("/api/v1/indicators", "/api/v1/indicators/{indicator_id}", "/api/v1/targets",
                     "/api/v1/observations", "/api/v1/assessments"):
            self.assertIn(path, paths)
        self.assertIn("post", paths["/api/v1/observations"])
        self.assertIn("409", paths["/api/v1/observations"]["post"]["responses"])
