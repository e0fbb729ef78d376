"""Use case: the coordinator corrects the registry through its pages."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import RegistryTestCase
from xanh.organizations.models import Alias, GroupMember, Organization, Succession


class RegistryPagesTest(RegistryTestCase):
    def test_a_body_is_created_and_edited_and_a_stale_form_is_refused(self):
        client = self.signed_in("coordinator")
        response = client.post("/orgs/new/", {
            "code": "th-sxx", "name": "Sở Thử nghiệm", "kind": "department", "parent": "th-ubnd",
            "confidence": "secondary", "valid_from": "01/03/2025"})
        self.assertRedirects(response, "/orgs/th-sxx/")
        org = Organization.objects.get(code="th-sxx")
        self.assertEqual((org.province.code, str(org.valid_from)), ("th-ubnd", "2025-03-01"))
        fields = {"code": "th-sxx", "name": "Sở Thử nghiệm (sửa)", "kind": "department", "parent": "th-ubnd",
                  "confidence": "secondary", "version": org.version}
        self.assertRedirects(client.post("/orgs/th-sxx/edit/", fields), "/orgs/th-sxx/")
        stale = client.post("/orgs/th-sxx/edit/", {**fields, "name": "Muộn"})
        self.assertContains(stale, "Người khác đã lưu")
        self.assertEqual(Organization.objects.get(code="th-sxx").name, "Sở Thử nghiệm (sửa)")

    def test_an_alias_is_added_from_the_body_page(self):
        client = self.signed_in("coordinator")
        client.post("/orgs/th-syt/aliases/", {"name": "Sở YT", "kind": "abbreviation", "source": "CV 1"})
        self.assertTrue(Alias.objects.filter(organization__code="th-syt", name="Sở YT").exists())
        self.assertContains(client.get("/orgs/?q=so+yt"), "Sở Y tế tỉnh Thanh Hóa")

    def test_a_successor_is_recorded_and_the_predecessor_ends(self):
        client = self.signed_in("coordinator")
        response = client.post("/orgs/th-sngv/successions/new/", {
            "successor": "org:th-vp-ubnd", "effective_date": "01/03/2025", "legal_basis": "QĐ thử",
            "confidence": "unconfirmed", "end_predecessor": "on"})
        self.assertRedirects(response, "/orgs/th-sngv/")
        self.assertEqual(str(Organization.objects.get(code="th-sngv").valid_to), "2025-03-01")
        succession = Succession.objects.get(predecessor__code="th-sngv")
        page = client.get("/orgs/th-vp-ubnd/")
        self.assertContains(page, "Sở Ngoại vụ tỉnh Thanh Hóa")
        client.post(f"/orgs/successions/{succession.pk}/delete/", {"reason": "nhầm"})
        self.assertFalse(Succession.objects.filter(predecessor__code="th-sngv").exists())

    def test_members_are_imported_from_a_spreadsheet_page_and_errors_are_listed(self):
        client = self.signed_in("coordinator")
        bad = SimpleUploadedFile("hoi.csv", "Tên,Loại\nHội A,không rõ\n".encode())
        page = client.post("/orgs/groups/th-to-chuc-ctxh/members/import/", {"file": bad})
        self.assertContains(page, "dòng 2")
        good = SimpleUploadedFile("hoi.csv", "Mã,Tên,Loại\nth-hnd,Hội Nông dân tỉnh,mass_org\n".encode())
        response = client.post("/orgs/groups/th-to-chuc-ctxh/members/import/", {"file": good})
        self.assertRedirects(response, "/orgs/groups/th-to-chuc-ctxh/")
        self.assertTrue(GroupMember.objects.filter(group__code="th-to-chuc-ctxh", organization__code="th-hnd").exists())

    def test_a_group_page_lists_members_on_a_date(self):
        page = self.client.get("/orgs/groups/th-ubnd-cap-huyen/?on=01/06/2024")
        self.assertEqual(len(page.context["members_now"]), 27)
        self.assertEqual(len(self.client.get("/orgs/groups/th-ubnd-cap-huyen/").context["members_now"]), 0)


class AccountPagesTest(RegistryTestCase):
    def test_sign_in_change_password_and_sign_out(self):
        page = self.client.post("/accounts/login/", {"username": "yte_reporter", "password": "a-Long-test-pass-2026"})
        self.assertEqual(page.status_code, 302)
        changed = self.client.post("/accounts/password/", {
            "old_password": "a-Long-test-pass-2026", "new_password1": "Mat-khau-moi-2026!",
            "new_password2": "Mat-khau-moi-2026!"})
        self.assertRedirects(changed, "/accounts/password/done/")
        self.client.post("/accounts/logout/")
        self.assertTrue(self.client.login(username="yte_reporter", password="Mat-khau-moi-2026!"))
        wrong = self.client.post("/accounts/login/", {"username": "yte_reporter", "password": "sai"})
        self.assertContains(wrong, "Sai tên đăng nhập hoặc mật khẩu")
