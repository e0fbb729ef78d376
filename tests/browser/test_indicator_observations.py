"""In Debian's Chromium: the coordinator uploads an observations spreadsheet (built here with openpyxl) with
one implausible jump, sees the upload's summary with that value flagged, confirms it, and the summary board
moves — the indicator's status changes with the new value, and the count of values to review goes to zero.

Selectors use URLs, ids, names and data attributes, never translated text.
"""

import io
import re
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import Workbook

from tests.browser.chromium import ChromiumTestCase
from tests.personas import PASSWORD, PERSONAS, SEED, load_registry, seed_bytes
from xanh.core.services import SYSTEM
from xanh.indicators.enums import FlagState, Framework, TargetKind
from xanh.indicators.models import Observation
from xanh.indicators.services import add_target, create_indicator, record_observation
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user
from xanh.plans.services import import_plan, set_plan_visibility

THIS_YEAR = date.today().year


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(["Mã chỉ tiêu", "Địa bàn", "Năm", "Giá trị", "Đơn vị tính", "Thực hiện/Ước tính", "Nguồn"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class IndicatorObservationsBrowserTest(ChromiumTestCase):
    def setUp(self):
        load_registry()
        code, role = PERSONAS["coordinator"]
        create_user(SYSTEM, "coordinator", organization=Organization.objects.get(code=code), role=role,
                    password=PASSWORD)
        outcome = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True)
        set_plan_visibility(SYSTEM, outcome.plan, outcome.plan.version, True)
        province = outcome.plan.province
        # 10.000 ha a year from three years ago: 9.000 + 9.500 so far, 92,5 % of the path — needs acceleration.
        self.planted = create_indicator(SYSTEM, framework=Framework.PLAN, code="B-PLANT", name="Rừng trồng mới",
                                        unit="ha", minimum=Decimal(0))
        add_target(SYSTEM, self.planted, area=province, kind=TargetKind.ANNUAL, value=Decimal(10000),
                   start_year=THIS_YEAR - 3, year=2030)
        record_observation(SYSTEM, self.planted, province, THIS_YEAR - 3, Decimal(9000))
        record_observation(SYSTEM, self.planted, province, THIS_YEAR - 2, Decimal(9500))
        self.cover = create_indicator(SYSTEM, framework=Framework.OTHER, code="B-COVER", name="Che phủ rừng",
                                      unit="%", minimum=Decimal(0), maximum=Decimal(100))
        add_target(SYSTEM, self.cover, area=province, kind=TargetKind.LEVEL, value=Decimal(55), year=2030)
        record_observation(SYSTEM, self.cover, province, THIS_YEAR - 2, Decimal("53.6"))
        self.contexts = []

    def tearDown(self):
        for context in self.contexts:
            context.close()

    def url(self, name, *args) -> str:
        return self.live_server_url + reverse(name, args=args)

    def window(self):
        context = self.browser.new_context(locale="vi-VN")
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return page

    def board_row(self, page, code):
        page.goto(self.url("indicators:board"))
        row = page.locator(f"#objective-0 tr[data-code='{code}']")
        return row.get_attribute("data-status"), row.get_attribute("data-flagged"), page.inner_text("#flag-total")

    def test_the_coordinator_uploads_values_confirms_the_flagged_jump_and_the_board_updates(self):
        page = self.window()
        page.goto(self.url("indicators:upload"))
        page.wait_for_url(re.compile(r"/accounts/login/\?next="))
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        page.wait_for_url(f"**{reverse('indicators:upload')}")

        self.assertEqual(self.board_row(page, "B-PLANT"), ("accelerate", "0", "0"))

        page.goto(self.url("indicators:upload"))
        page.set_input_files("#id_file", files=[{
            "name": "so-lieu-chi-tieu.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": workbook([
                ["B-COVER", "th-ubnd", THIS_YEAR - 1, "54,09", "%", "Thực hiện", "Báo Thanh Hóa"],
                ["B-PLANT", "th-ubnd", THIS_YEAR - 1, "30.000", "ha", "Thực hiện", "Sở NN&MT"],   # ×3: implausible
            ])}])
        with page.expect_navigation():
            page.click("#upload-form button[type=submit]")
        self.assertEqual(page.inner_text("#counts [data-count=created]"), "2")
        self.assertEqual(page.inner_text("#counts [data-count=flagged]"), "1")
        jump = Observation.objects.get(indicator=self.planted, year=THIS_YEAR - 1)
        self.assertEqual((jump.value, jump.flag), (Decimal(30000), FlagState.FLAGGED))
        row = page.locator(f"#flagged-{jump.pk}")
        self.assertIn("30.000", row.inner_text())

        # meanwhile, in another tab: the running total is now ahead of the path, and one value waits for review
        board = page.context.new_page()
        self.assertEqual(self.board_row(board, "B-PLANT"), ("on_track", "1", "1"))
        board.close()

        row.locator("input[name=note]").fill("Đã kiểm tra: gồm diện tích trồng bù")
        with page.expect_navigation():
            row.locator("button[name=confirm]").click()
        page.wait_for_url(f"**{reverse('indicators:board')}")
        self.assertEqual(page.inner_text("#flag-total"), "0")
        self.assertEqual(page.locator(f"#review-{jump.pk}").count(), 0)
        self.assertEqual(self.board_row(page, "B-PLANT"), ("on_track", "0", "0"))
        jump.refresh_from_db()
        self.assertEqual((jump.flag, jump.reviewed_by.username), (FlagState.CONFIRMED, "coordinator"))
