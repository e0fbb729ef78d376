"""Vietnamese first: Vietnamese unless the person chose English; dd/mm/yyyy and 1.234,5."""

from datetime import date

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from tests.personas import PlanTestCase


class LanguageTest(PlanTestCase):
    def test_the_interface_is_vietnamese_even_when_the_browser_asks_for_english(self):
        page = self.client.get(f"/plans/{self.plan.pk}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(page, "Đăng nhập")
        self.assertEqual(page["Content-Language"], "vi")

    def test_english_is_there_for_who_chooses_it(self):
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = self.client.get(f"/plans/{self.plan.pk}/")
        self.assertContains(page, "Sign in")
        self.assertContains(page, "18/10/2023")


class FormatTest(SimpleTestCase):
    def render(self, text, **context):
        return Template("{% load l10n %}" + text).render(Context(context))

    def test_dates_are_day_month_year_and_numbers_use_dots_and_commas(self):
        with translation.override("vi"):
            self.assertEqual(self.render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2025, 3, 1)), "01/03/2025")
            self.assertEqual(self.render("{{ n }}", n=1234.5), "1.234,5")
            self.assertEqual(self.render("{{ n }}", n=10000), "10.000")
        with translation.override("en"):
            self.assertEqual(self.render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2025, 3, 1)), "01/03/2025")
