"""Use case: anyone downloads the published indicators, their targets and current values as CSV, JSON and
SDMX-CSV, without an account; unpublished indicators and superseded values are never in them."""

import csv
import io

from django.test import SimpleTestCase

from tests.indicators.board_states import THIS_YEAR, IndicatorTestCase
from xanh.indicators.opendata import DATAFLOW, SDMX_COLUMNS
from xanh.portal.opendata import DATASETS

SDMX = "/open/sdmx/observations.csv"


def read_csv(response, bom=True) -> list[dict]:
    text = response.content.decode("utf-8")
    if bom:
        assert text.startswith("\ufeff"), "Excel needs the byte-order mark"
        text = text[1:]
    return list(csv.DictReader(io.StringIO(text)))


class IndicatorOpenDataTests(IndicatorTestCase):
    def test_indicators_are_the_published_ones_with_the_dictionarys_fields(self):
        rows = read_csv(self.client.get("/open/indicators.csv"))
        self.assertEqual(list(rows[0]), [f.name for f in DATASETS["indicators"].fields])
        by_code = {r["code"]: r for r in rows}
        self.assertEqual(sorted(by_code), ["9.9", "T-COVER", "T-PLANT"])
        self.assertEqual((by_code["T-PLANT"]["sdmx_id"], by_code["T-PLANT"]["tasks"], by_code["T-COVER"]["objective"]),
                         ("PLAN_T-PLANT", "VIII.5.3", "2"))
        self.assertTrue(by_code["T-COVER"]["url"].endswith(f"/indicators/{self.cover.pk}/"))
        data = self.client.get("/open/indicators.json").json()
        self.assertEqual((data["dataset"], len(data["rows"])), ("indicators", 3))

    def test_observations_are_current_values_only_with_actual_or_estimate(self):
        rows = self.client.get("/open/observations.json").json()["rows"]
        planted = [(r["year"], r["value"], r["kind"], r["flag"]) for r in rows if r["indicator_code"] == "T-PLANT"]
        self.assertEqual(planted, [(THIS_YEAR - 2, "9600", "actual", ""), (THIS_YEAR - 1, "1234.5", "actual",
                                                                             "flagged")])
        self.assertNotIn("T-HIDDEN", {r["indicator_code"] for r in rows})
        self.assertRegex(rows[0]["entered_on"], r"^\d{4}-\d{2}-\d{2}$")
        csv_rows = read_csv(self.client.get("/open/observations.csv"))
        self.assertEqual(len(csv_rows), len(rows))
        self.assertEqual(self.client.get("/api/v1/open/observations").json()["rows"], rows)

    def test_an_estimate_not_yet_replaced_is_published_as_an_estimate(self):
        from xanh.core.services import SYSTEM
        from xanh.indicators.services import record_observation

        record_observation(SYSTEM, self.cover, self.province, THIS_YEAR, "55.1", kind="estimate")
        rows = self.client.get("/open/observations.json").json()["rows"]
        self.assertIn((THIS_YEAR, "55.1", "estimate"),
                      [(r["year"], r["value"], r["kind"]) for r in rows if r["indicator_code"] == "T-COVER"])
        sdmx = read_csv(self.client.get(SDMX), bom=False)
        self.assertIn({"DATAFLOW": DATAFLOW, "INDICATOR": "OTHER_T-COVER", "REF_AREA": "th-ubnd",
                       "TIME_PERIOD": str(THIS_YEAR), "OBS_VALUE": "55.1", "UNIT_MEASURE": "%", "OBS_STATUS": "E"},
                      sdmx)

    def test_targets_carry_kind_area_and_years(self):
        rows = self.client.get("/open/targets.json").json()["rows"]
        planted = next(r for r in rows if r["indicator_code"] == "T-PLANT")
        self.assertEqual((planted["kind"], planted["value"], planted["start_year"], planted["year"],
                          planted["area_code"]), ("annual", "10000", THIS_YEAR - 2, 2030, "th-ubnd"))
        national = [r for r in rows if r["indicator_code"] == "T-COVER" and r["area_code"] is None]
        self.assertEqual([r["year"] for r in national], [2050])
        self.assertNotIn("T-HIDDEN", {r["indicator_code"] for r in rows})

    def test_sdmx_csv_has_the_sdmx_columns_and_the_same_values(self):
        response = self.client.get(SDMX)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/vnd.sdmx.data+csv"))
        self.assertFalse(response.content.startswith(b"\xef\xbb\xbf"))
        header = response.content.decode().splitlines()[0]
        self.assertEqual(header.split(","), SDMX_COLUMNS)
        rows = read_csv(response, bom=False)
        observations = self.client.get("/open/observations.json").json()["rows"]
        self.assertEqual([(r["INDICATOR"], r["REF_AREA"], r["TIME_PERIOD"], r["OBS_VALUE"]) for r in rows],
                         [(o["sdmx_id"], o["area_code"], str(o["year"]), o["value"]) for o in observations])
        self.assertEqual({r["OBS_STATUS"] for r in rows}, {"A"})
        self.assertEqual({r["DATAFLOW"] for r in rows}, {DATAFLOW})

    def test_a_signed_in_officer_gets_what_the_public_gets(self):
        public = self.client.get("/open/observations.json").json()["rows"]
        self.signed_in("coordinator")
        self.assertEqual(self.client.get("/open/observations.json").json()["rows"], public)
        self.assertNotIn(b"T-HIDDEN", self.client.get(SDMX).content)


class CsvCellTests(SimpleTestCase):
    def test_a_negative_number_stays_a_number_and_a_formula_stays_text(self):
        from xanh.portal.opendata import _csv_value

        self.assertEqual(_csv_value("-15"), "-15")
        self.assertEqual(_csv_value("-0.538"), "-0.538")
        self.assertEqual(_csv_value("-1+2"), "'-1+2")
        self.assertEqual(_csv_value("=HYPERLINK(1)"), "'=HYPERLINK(1)")
        self.assertEqual(_csv_value("- Xây dựng kế hoạch"), "'- Xây dựng kế hoạch")
