"""Use case: people read the indicators — registry, one indicator's assessment and chart, the board — and
the coordinator records, uploads and confirms values; nobody else writes, and a refusal writes nothing."""

import io
import re
from decimal import Decimal

from django.urls import reverse
from openpyxl import Workbook

from tests.indicators.board_states import THIS_YEAR, IndicatorTestCase
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.assessment import assess
from xanh.indicators.enums import Assessment, FlagState
from xanh.indicators.models import Observation
from xanh.indicators.services import record_observation
from xanh.organizations.models import Organization

LIST, BOARD = reverse("indicators:list"), reverse("indicators:board")
NEW, UPLOAD = reverse("indicators:observation_new"), reverse("indicators:upload")


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã chỉ tiêu", "Địa bàn", "Năm", "Giá trị", "Thực hiện/Ước tính"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "so-lieu.xlsx"
    return buffer


def codes(response) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', response.content.decode())


class RegistryPageTests(IndicatorTestCase):
    def test_the_public_sees_published_indicators_only(self):
        self.assertEqual(codes(self.client.get(LIST)), ["9.9", "T-PLANT", "T-COVER"])  # tt10, plan, other
        self.assertEqual(self.client.get(reverse("indicators:detail", args=[self.hidden.pk])).status_code, 404)
        self.assertNotIn("T-HIDDEN", self.client.get(BOARD).content.decode())

    def test_officers_see_unpublished_indicators_too(self):
        self.signed_in("yte_reporter")
        self.assertIn("T-HIDDEN", codes(self.client.get(LIST)))
        self.assertEqual(self.client.get(reverse("indicators:detail", args=[self.hidden.pk])).status_code, 200)

    def test_the_list_filters_by_framework_objective_theme_and_search_ignoring_diacritics(self):
        self.assertEqual(codes(self.client.get(LIST, {"framework": "tt10"})), ["9.9"])
        self.assertEqual(codes(self.client.get(LIST, {"objective": "2"})), ["T-COVER"])
        theme = self.planted.tasks.get().theme
        self.assertEqual(codes(self.client.get(LIST, {"theme": theme.pk})), ["T-PLANT"])
        self.assertEqual(codes(self.client.get(LIST, {"q": "do thi XANH"})), ["9.9"])
        self.assertEqual(codes(self.client.get(LIST, {"q": "rừng trồng"})), ["T-PLANT"])


class IndicatorPageTests(IndicatorTestCase):
    def page(self, indicator):
        response = self.client.get(reverse("indicators:detail", args=[indicator.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_the_assessment_and_a_chart_with_the_same_numbers_in_a_table(self):
        body = self.page(self.planted)
        expected = assess(self.planted_target, "higher", {THIS_YEAR - 2: 9600, THIS_YEAR - 1: 1234.5})
        self.assertIn(f'data-status="{expected.status}"', body)
        self.assertEqual(expected.status, Assessment.OFF_TRACK)
        self.assertIn("<svg", body)
        self.assertIn('class="path"', body)
        self.assertIn('class="ind-chart-table"', body)
        # running totals, Vietnamese numbers: 9.600 then 9.600 + 1.234,5 = 10.834,5; the path reaches 10.000 a year
        table = body.split('class="ind-chart-table"', 1)[1].split("</table>", 1)[0]
        self.assertIn("9.600", table)
        self.assertIn("10.834,5", table)
        self.assertIn("20.000", table)
        required = f"{expected.required_rate:,.0f}".replace(",", ".")
        self.assertIn(required, body.split('class="required-rate"', 1)[1][:80])

    def test_the_observations_table_shows_current_superseded_estimate_and_flag(self):
        body = self.page(self.planted)
        self.assertNotIn(f'id="obs-{self.estimate.pk}"', body)   # the public reads current values only
        self.assertRegex(body, rf'id="obs-{self.actual.pk}" class=""[^>]*data-current="1"')
        self.assertRegex(body, rf'id="obs-{self.drop.pk}" class=" flagged" data-flag="flagged"')
        self.assertIn("1.234,5", body)
        self.assertNotIn(f'action="{reverse("indicators:confirm", args=[self.drop.pk])}"', body)  # public: no button
        self.signed_in("coordinator")
        body = self.page(self.planted)
        self.assertRegex(body, rf'id="obs-{self.estimate.pk}" class="superseded"[^>]*data-current="0"')
        self.assertIn(f'action="{reverse("indicators:confirm", args=[self.drop.pk])}"', body)

    def test_a_level_target_shows_latest_value_and_target(self):
        body = self.page(self.cover)
        latest = body.split('class="latest"', 1)[1][:60]
        self.assertIn(f"54,09 ({THIS_YEAR - 1})", latest)
        self.assertIn("60 (2030)", body.split('class="target-value"', 1)[1][:40])
        self.assertIn("<polyline", body)


class BoardTests(IndicatorTestCase):
    def test_it_groups_by_objective_and_theme_with_a_status_for_each_indicator_with_a_target(self):
        body = self.client.get(BOARD).content.decode()
        objective_2 = body.split('id="objective-2"', 1)[1].split("</section>", 1)[0]
        self.assertEqual(re.findall(r'<tr data-code="([^"]+)"', objective_2), ["T-COVER"])
        without = body.split('id="objective-0"', 1)[1].split("</section>", 1)[0]
        self.assertEqual(re.findall(r'<tr data-code="([^"]+)"', without), ["T-PLANT"])
        theme = self.planted.tasks.get().theme
        section = body.split(f'id="theme-{theme.pk}"', 1)[1].split("</section>", 1)[0]
        self.assertIn('data-code="T-PLANT" data-status="off_track" data-flagged="1"', section)
        cover_theme = self.cover.themes.get()
        self.assertIn('data-code="T-COVER"', body.split(f'id="theme-{cover_theme.pk}"', 1)[1].split("</section>")[0])
        self.assertNotIn('data-code="9.9"', body)  # no target

    def test_the_coordinator_gets_the_values_to_review(self):
        self.assertNotIn('id="to-review"', self.client.get(BOARD).content.decode())
        self.signed_in("coordinator")
        body = self.client.get(BOARD).content.decode()
        self.assertIn(f'id="review-{self.drop.pk}"', body)
        self.assertIn('<div class="stat" id="flag-total">1</div>', body)


class RecordValueTests(IndicatorTestCase):
    def post(self, **data):
        values = {"indicator": self.cover.pk, "area": self.province.pk, "year": THIS_YEAR, "value": "55,5",
                  "kind": "actual"}
        return self.client.post(NEW, {**values, **data})

    def test_only_the_coordinator_records_and_a_refusal_writes_nothing(self):
        before = Observation.objects.count()
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        for persona in ("nnmt_reporter", "viewer"):
            self.signed_in(persona)
            self.assertEqual(self.post().status_code, 403)
        self.assertEqual(Observation.objects.count(), before)

    def test_the_coordinator_records_a_vietnamese_number_and_it_is_audited(self):
        self.signed_in("coordinator")
        self.assertEqual(self.client.get(NEW, {"indicator": self.cover.pk}).status_code, 200)
        response = self.post()
        self.assertRedirects(response, reverse("indicators:detail", args=[self.cover.pk]))
        observation = Observation.objects.get(indicator=self.cover, year=THIS_YEAR)
        self.assertEqual((str(observation.value), observation.value_as_entered, observation.entered_by),
                         ("55.500000", "55,5", self.coordinator))
        self.assertTrue(AuditEvent.objects.filter(action="observation.recorded", object_id=str(observation.pk))
                        .exists())

    def test_errors_are_shown_on_their_fields_and_nothing_is_written(self):
        self.signed_in("coordinator")
        before = Observation.objects.count()
        for data, field in (({"value": "năm mươi"}, "value"), ({"value": "120"}, "value"),
                            ({"year": THIS_YEAR - 1, "value": "54"}, "year")):
            with self.subTest(data):
                response = self.post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors.get(field), response.context["form"].errors)
        self.assertEqual(Observation.objects.count(), before)


class UploadAndConfirmTests(IndicatorTestCase):
    def test_only_the_coordinator_uploads(self):
        before = Observation.objects.count()
        self.signed_in("nnmt_reporter")
        self.assertEqual(self.client.post(UPLOAD, {"file": xlsx([["T-COVER", "th-ubnd", THIS_YEAR, 56]])})
                         .status_code, 403)
        self.assertEqual(Observation.objects.count(), before)

    def test_an_upload_reports_what_it_did_including_the_flagged_values(self):
        self.signed_in("coordinator")
        response = self.client.post(UPLOAD, {"file": xlsx([
            ["T-COVER", "th-ubnd", THIS_YEAR, "56,2", "Thực hiện"],
            ["T-PLANT", "th-ubnd", THIS_YEAR, 40000, "Ước tính"]])})
        self.assertEqual(response.status_code, 200)
        outcome = response.context["outcome"]
        self.assertEqual((outcome.counts["created"], outcome.counts["flagged"]), (2, 1))
        body = response.content.decode()
        self.assertIn('<dd data-count="flagged">1</dd>', body)
        flagged = Observation.objects.get(indicator=self.planted, year=THIS_YEAR)
        self.assertEqual(flagged.flag, FlagState.FLAGGED)
        self.assertIn(f'id="flagged-{flagged.pk}"', body)

    def test_a_bad_file_lists_every_problem_with_its_place_and_writes_nothing(self):
        self.signed_in("coordinator")
        before = Observation.objects.count()
        response = self.client.post(UPLOAD, {"file": xlsx([
            ["T-COVER", "th-ubnd", THIS_YEAR, "không rõ"],
            ["NO-SUCH", "th-ubnd", THIS_YEAR, 5],
            ["T-PLANT", "th-ubnd", THIS_YEAR, 12000]])})
        self.assertEqual(response.status_code, 200)
        problems = response.context["problems"]
        self.assertEqual(sorted(p.line for p in problems), [2, 3])
        self.assertTrue(all(p.sheet and p.column for p in problems))
        self.assertIn('id="problems"', response.content.decode())
        self.assertEqual(Observation.objects.count(), before)

    def test_only_the_coordinator_confirms_a_flagged_value(self):
        url = reverse("indicators:confirm", args=[self.drop.pk])
        self.signed_in("viewer")
        self.assertEqual(self.client.post(url).status_code, 403)
        self.drop.refresh_from_db()
        self.assertEqual(self.drop.flag, FlagState.FLAGGED)
        self.signed_in("coordinator")
        response = self.client.post(url, {"note": "Rừng bị cháy", "next": BOARD})
        self.assertRedirects(response, BOARD)
        self.drop.refresh_from_db()
        self.assertEqual((self.drop.flag, self.drop.reviewed_by), (FlagState.CONFIRMED, self.coordinator))
        self.assertIn('<div class="stat" id="flag-total">0</div>', self.client.get(BOARD).content.decode())
        response = self.client.post(url, {"next": "https://evil.example/"})
        self.assertRedirects(response, reverse("indicators:detail", args=[self.planted.pk]))


class AreaFilterTests(IndicatorTestCase):
    def test_the_values_table_shows_one_area_when_asked(self):
        commune = Organization.objects.get(code="th-xp-14797")
        value = record_observation(SYSTEM, self.planted, commune, THIS_YEAR - 1, Decimal(120))
        url = reverse("indicators:detail", args=[self.planted.pk])
        page = self.client.get(url)
        self.assertContains(page, 'id="area-filter"')
        self.assertContains(page, f'id="obs-{value.pk}"')
        self.assertContains(page, f'id="obs-{self.actual.pk}"')
        only = self.client.get(url, {"area": commune.code})
        self.assertContains(only, f'id="obs-{value.pk}"')
        self.assertNotContains(only, f'id="obs-{self.actual.pk}"')
