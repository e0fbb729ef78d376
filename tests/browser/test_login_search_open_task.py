"""In Debian's Chromium: sign in, search "y te", open a task. Then the coordinator fixes the
damaged theme title from the review page."""



from tests.browser.chromium import ChromiumTestCase
from tests.personas import PASSWORD, PERSONAS, SEED, load_registry, seed_bytes
from xanh.core.services import SYSTEM
from xanh.organizations.models import Organization
from xanh.organizations.services import create_user
from xanh.plans.models import Theme
from xanh.plans.services import import_plan


class BrowserTest(ChromiumTestCase):
    def setUp(self):
        load_registry()
        for name in ("coordinator", "nnmt_reporter"):
            code, role = PERSONAS[name]
            create_user(SYSTEM, name, organization=Organization.objects.get(code=code), role=role, password=PASSWORD)
        self.plan = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True).plan
        self.page = self.browser.new_page(locale="vi-VN")
        self.page.set_default_timeout(15000)

    def tearDown(self):
        self.page.close()

    def sign_in(self, username):
        page = self.page
        page.goto(self.live_server_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    def test_a_reporter_signs_in_searches_y_te_and_opens_a_task(self):
        page = self.page
        self.sign_in("nnmt_reporter")
        page.goto(f"{self.live_server_url}/plans/{self.plan.pk}/tasks/")
        self.assertIn("84", page.inner_text("#result-count"))
        page.fill("input[name=q]", "y te")
        page.wait_for_function("document.querySelector('#result-count').innerText.startsWith('4 ') || "
                               "document.querySelector('#result-count').innerText.includes(' 4 ')")
        self.assertRegex(page.url, r"q=y(\+|%20)te")  # htmx pushed the search into the address bar
        rows = page.locator("table.tasks tbody tr")
        self.assertEqual(rows.count(), 4)
        page.click("text=VIII.10.1")
        page.wait_for_url("**/plans/tasks/**")
        self.assertIn("VIII.10.1", page.inner_text("h1"))
        self.assertIn("y tế thông minh", page.inner_text(".task-text"))
        self.assertIn("Sở Y tế tỉnh Thanh Hóa", page.inner_text("body"))

    def test_the_coordinator_accepts_the_fix_of_a_damaged_theme_title(self):
        page = self.page
        self.sign_in("coordinator")
        page.goto(f"{self.live_server_url}/plans/{self.plan.pk}/review/")
        row = page.locator("tr", has_text="Yêu")
        row.locator("button[value=accept]").click()
        page.wait_for_load_state()
        self.assertEqual(Theme.objects.get(plan=self.plan, code="VIII.10").title, "Y tế")
        page.goto(f"{self.live_server_url}/plans/{self.plan.pk}/")
        self.assertIn("VIII.10. Y tế", page.inner_text(".tree"))
