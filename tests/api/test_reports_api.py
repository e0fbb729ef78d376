"""Use case: a body's officers and the coordinator work on task reports through /api/v1/."""

from django.test import Client
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext

from tests.api.clients import ApiPersonas
from tests.personas import PASSWORD
from tests.reporting.cycles import CycleTestCase
from xanh.core.enums import Role
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.organizations.services import create_user
from xanh.reporting import services
from xanh.reporting.models import Cycle, Output, TaskReport

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FILLED = {"status": "on_track", "progress": 40, "results": "Đã ban hành kế hoạch thực hiện."}


class ReportsApiTest(ApiPersonas, CycleTestCase):
    def setUp(self):
        self.draft = self.report("II.7", "th-snnmt")
        self.v = self.draft.version

    def fill(self, report, by="nnmt_reporter"):
        return services.save_report(self.users[by], report, report.version, FILLED)

    def submitted(self, ref="VI.2"):
        report = self.fill(self.report(ref, "th-snnmt"))
        return services.submit(self.nnmt_reporter, report, report.version)

    def approved(self, ref="I.1"):
        report = self.submitted(ref)
        return services.approve(self.nnmt_approver, report, report.version)

    def footprint(self, report):
        """Everything a refused call could have touched."""
        return (list(TaskReport.objects.filter(pk=report.pk).values()),
                list(Output.objects.filter(report_id=report.pk).values()), AuditEvent.objects.count(),
                list(Cycle.objects.values()))

    def assertRefused(self, status, persona, method, path, body=None):
        report_id = int(path.split("/")[2]) if path.startswith("/reports/") else self.draft.pk
        before = self.footprint(TaskReport(pk=report_id))
        response = self.api(persona, method, path, body)
        self.assertEqual(response.status_code, status, (persona, method, path, response.content[:300]))
        self.assertIn("detail", response.json())
        self.assertEqual(self.footprint(TaskReport(pk=report_id)), before, (persona, method, path))
        return response.json()

    # -- the OpenAPI document ---------------------------------------------------------------

    def test_the_openapi_document_lists_the_reporting_paths(self):
        spec = self.client.get("/api/v1/openapi.json").json()
        for path, method in (("/api/v1/cycles", "get"), ("/api/v1/cycles/{cycle_id}", "get"),
                             ("/api/v1/cycles/{cycle_id}/completeness", "get"), ("/api/v1/reports", "get"),
                             ("/api/v1/reports/{report_id}", "get"), ("/api/v1/reports/{report_id}", "patch"),
                             ("/api/v1/reports/{report_id}/submit", "post"),
                             ("/api/v1/reports/{report_id}/approve", "post"),
                             ("/api/v1/reports/{report_id}/send-back", "post"),
                             ("/api/v1/reports/{report_id}/return", "post"),
                             ("/api/v1/reports/{report_id}/accept", "post"),
                             ("/api/v1/reports/{report_id}/reopen", "post"),
                             ("/api/v1/reports/{report_id}/carry-forward", "post")):
            self.assertIn(method, spec["paths"].get(path, {}), path)
        patch = spec["paths"]["/api/v1/reports/{report_id}"]["patch"]
        self.assertTrue({"200", "400", "401", "403", "404", "409"} <= set(patch["responses"]))
        schemas = spec["components"]["schemas"]
        self.assertIn("Optimistic-lock", schemas["CycleOut"]["properties"]["version"]["description"])
        self.assertEqual(set(schemas["CompletenessOut"]["properties"]),
                         {"organization", "organization_name", "expected", "draft", "submitted", "approved",
                          "accepted", "returned", "missing", "on_time", "late"})

    # -- reading ----------------------------------------------------------------------------

    def test_a_reporter_lists_only_the_bodys_reports_and_filters_them(self):
        data = self.api("nnmt_reporter", "GET", "/reports", cycle=self.cycle.pk, limit=100).json()
        self.assertEqual(data["count"], TaskReport.objects.filter(cycle=self.cycle, organization__code="th-snnmt")
                         .count())
        self.assertEqual({r["organization"] for r in data["items"]}, {"th-snnmt"})
        self.submitted("VI.2")
        by_state = self.api("nnmt_reporter", "GET", "/reports", state="submitted").json()
        self.assertEqual([r["task_ref"] for r in by_state["items"]], ["VI.2"])
        by_task = self.api("nnmt_reporter", "GET", "/reports", task="II.7").json()["items"]
        self.assertEqual([(r["task_ref"], r["id"]) for r in by_task], [("II.7", self.draft.pk)])
        by_id = self.api("nnmt_reporter", "GET", "/reports", task=str(self.draft.task_id)).json()["items"]
        self.assertEqual([r["id"] for r in by_id], [self.draft.pk])
        other = self.api("nnmt_reporter", "GET", "/reports", organization="th-syt").json()
        self.assertEqual(other["count"], 0)
        everything = self.api("coordinator", "GET", "/reports", task="II.7").json()
        self.assertLessEqual({"th-snnmt", "th-syt", "th-xp-14797"}, {r["organization"] for r in everything["items"]})
        self.assertEqual(everything["count"], TaskReport.objects.filter(task__ref="II.7").count())
        self.assertEqual(self.api("nnmt_reporter", "GET", "/reports", state="lost").status_code, 422)

    def test_a_report_reads_with_its_fields_outputs_and_file_url(self):
        services.save_report(self.nnmt_reporter, self.draft, self.draft.version,
                             {**FILLED, "budget_used": "1500000000", "is_estimate": True},
                             [services.OutputInput(kind="ke_hoach", number="123/KH-UBND", issuer="UBND tỉnh",
                                                   upload=("bien-ban.pdf", PDF))])
        data = self.api("nnmt_reporter", "GET", f"/reports/{self.draft.pk}").json()
        self.assertEqual((data["task_ref"], data["organization"], data["state"], data["version"]),
                         ("II.7", "th-snnmt", "draft", self.v + 1))
        self.assertEqual((data["status"], data["progress"], data["budget_used"], data["is_estimate"]),
                         ("on_track", 40, 1500000000, True))
        self.assertEqual((data["on_time"], data["delivered_at"], data["editable"]), (None, None, True))
        output = data["outputs"][0]
        self.assertEqual((output["kind"], output["number"], output["issuer"]), ("ke_hoach", "123/KH-UBND",
                                                                                "UBND tỉnh"))
        self.assertTrue(output["file"].startswith("http://testserver/reporting/evidence/"))
        self.assertTrue(output["file_name"].endswith(".pdf"))
        session = self.signed_in("nnmt_reporter")
        self.assertEqual(session.get(output["file"]).status_code, 200)

    def test_the_report_list_costs_the_same_queries_whatever_the_outputs(self):
        def listing():
            response = self.api("nnmt_reporter", "GET", "/reports", cycle=self.cycle.pk, limit=100)
            self.assertEqual(response.status_code, 200)
            return response.json()["items"]

        listing()
        with self.assertNumQueries(7) as counted:  # token, its use, roles, bodies, count, page, outputs with files
            listing()
        for ref in ("I.1", "II.7", "V.6"):
            report = self.report(ref, "th-snnmt")
            services.save_report(self.nnmt_reporter, report, report.version, FILLED, [
                services.OutputInput(kind="ke_hoach", number=f"{n}/KH", upload=(f"{n}.pdf", PDF)) for n in range(3)])
        with self.assertNumQueries(len(counted.captured_queries)):
            items = listing()
        self.assertEqual(sum(len(r["outputs"]) for r in items), 9)

    def test_cycles_are_listed_as_each_caller_may_see_them(self):
        preparing = services.open_cycle(SYSTEM, self.plan, year=2025)
        mine = [c["id"] for c in self.api("nnmt_reporter", "GET", "/cycles").json()]
        self.assertEqual(mine, [self.cycle.pk])
        self.assertEqual(self.api("nnmt_reporter", "GET", f"/cycles/{preparing.pk}").status_code, 404)
        seen = {c["id"]: c for c in self.api("coordinator", "GET", "/cycles").json()}
        self.assertEqual(set(seen), {self.cycle.pk, preparing.pk})
        cycle = self.api("coordinator", "GET", f"/cycles/{self.cycle.pk}").json()
        self.assertEqual((cycle["year"], cycle["kind"], cycle["state"], cycle["body_deadline"], cycle["plan_number"]),
                         (2026, "annual", "open", "2026-11-15", self.plan.number))

    # -- writing ----------------------------------------------------------------------------

    def test_a_reporter_saves_a_draft_and_only_the_fields_sent_change(self):
        response = self.api("nnmt_reporter", "PATCH", f"/reports/{self.draft.pk}", {
            "version": self.v, **FILLED, "budget_used": 25000000,
            "outputs": [{"kind": "quyet_dinh", "number": "45/QĐ-SNNMT", "date": "2026-05-04", "title": "Quy chế"}]})
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual((data["version"], data["results"], data["budget_used"]),
                         (self.v + 1, FILLED["results"], 25000000))
        self.assertEqual([(o["number"], o["date"]) for o in data["outputs"]], [("45/QĐ-SNNMT", "2026-05-04")])
        data = self.api("nnmt_reporter", "PATCH", f"/reports/{self.draft.pk}",
                        {"version": self.v + 1, "progress": 60}).json()
        self.assertEqual((data["version"], data["progress"], data["results"], len(data["outputs"])),
                         (self.v + 2, 60, FILLED["results"], 1))
        data = self.api("nnmt_reporter", "PATCH", f"/reports/{self.draft.pk}", {"version": self.v + 2, "progress": None,
                                                                              "outputs": []}).json()
        self.assertEqual((data["progress"], data["outputs"]), (None, []))
        events = AuditEvent.objects.filter(object_type="reporting.taskreport", object_id=str(self.draft.pk),
                                           action="report.save")
        self.assertEqual(events.count(), 3)
        self.assertEqual(events.first().actor, self.nnmt_reporter)

    def test_an_attached_file_is_kept_when_its_id_is_sent_back(self):
        report = services.save_report(self.nnmt_reporter, self.draft, self.v, {}, [services.OutputInput(
            kind="bao_cao", number="7/BC-SNNMT", upload=("bao-cao.pdf", PDF))])
        output = self.api("nnmt_reporter", "GET", f"/reports/{report.pk}").json()["outputs"][0]
        data = self.api("nnmt_reporter", "PATCH", f"/reports/{report.pk}", {"version": report.version, "outputs": [
            {"kind": "bao_cao", "number": "7/BC-SNNMT", "title": "Báo cáo năm", "file_id": output["file_id"]}]}).json()
        self.assertEqual((data["outputs"][0]["file_id"], data["outputs"][0]["title"]), (output["file_id"],
                                                                                        "Báo cáo năm"))
        other = self.report("II.7", "th-syt")
        stolen = self.assertRefused(400, "yte_reporter", "PATCH", f"/reports/{other.pk}", {
            "version": other.version, "outputs": [{"kind": "bao_cao", "number": "1", "file_id": output["file_id"]}]})
        self.assertEqual(stolen["field"], "outputs")

    def test_a_stale_patch_gets_409_with_the_message_and_nothing_is_lost(self):
        first = self.api("nnmt_reporter", "PATCH", f"/reports/{self.draft.pk}", {"version": self.v, "results": "Bản A"})
        self.assertEqual(first.status_code, 200)
        refused = self.assertRefused(409, "nnmt_approver", "PATCH", f"/reports/{self.draft.pk}",
                                     {"version": self.v, "results": "Bản B"})
        with translation.override("vi"):
            expected = gettext("Someone else saved this record after you opened it. Reload the page to see "
                               "their changes, then make yours again.")
        self.assertEqual(refused["detail"], expected)
        self.assertEqual(self.fresh(self.draft).results, "Bản A")
        stale_submit = self.assertRefused(409, "nnmt_reporter", "POST", f"/reports/{self.draft.pk}/submit",
                                          {"version": self.v})
        self.assertEqual(stale_submit["detail"], expected)

    def test_bad_values_get_400_naming_the_field_and_change_nothing(self):
        path = f"/reports/{self.draft.pk}"
        for body, field in (({"progress": 150}, "progress"), ({"status": "xong"}, "status"),
                            ({"budget_used": -5}, "budget_used"),
                            ({"outputs": [{"kind": "thu_tin", "number": "1"}]}, "outputs"),
                            ({"outputs": [{"kind": "ke_hoach"}]}, "outputs")):
            with self.subTest(body=body):
                refused = self.assertRefused(400, "nnmt_reporter", "PATCH", path, {"version": self.v, **body})
                self.assertEqual(refused["field"], field)
        self.assertRefused(422, "nnmt_reporter", "PATCH", path, {"results": "no version"})
        self.assertRefused(422, "nnmt_reporter", "PATCH", path, {"version": self.v, "progress": "nhiều"})
        incomplete = self.assertRefused(400, "nnmt_reporter", "POST", f"{path}/submit", {"version": self.v})
        self.assertEqual(incomplete["field"], "status")

    # -- the workflow -----------------------------------------------------------------------

    def test_the_whole_workflow_runs_through_the_api(self):
        path = f"/reports/{self.draft.pk}"

        def step(persona, action, version, reason="", status=200):
            response = self.api(persona, "POST", f"{path}/{action}", {"version": version, "reason": reason})
            self.assertEqual(response.status_code, status, (action, response.content[:300]))
            return response.json()

        data = self.api("nnmt_reporter", "PATCH", path, {"version": self.v, **FILLED}).json()
        data = step("nnmt_reporter", "submit", data["version"])
        self.assertEqual((data["state"], data["editable"]), ("submitted", False))
        data = step("nnmt_approver", "send-back", data["version"], "Bổ sung số liệu.")
        self.assertEqual((data["state"], data["return_reason"]), ("draft", "Bổ sung số liệu."))
        data = self.api("nnmt_reporter", "PATCH", path, {"version": data["version"], "results": "Đủ số liệu."}).json()
        data = step("nnmt_reporter", "submit", data["version"])
        data = step("nnmt_approver", "approve", data["version"])
        self.assertEqual(data["state"], "approved")
        self.assertIsNotNone(data["delivered_at"])
        self.assertIs(data["on_time"], self.fresh(self.draft).on_time)
        data = step("coordinator", "return", data["version"], "Thiếu sản phẩm.")
        self.assertEqual((data["state"], data["return_reason"], data["editable"]), ("returned", "Thiếu sản phẩm.",
                                                                                    True))
        data = self.api("nnmt_reporter", "PATCH", path, {"version": data["version"], "outputs": [
            {"kind": "ke_hoach", "number": "99/KH-SNNMT"}]}).json()
        data = step("nnmt_reporter", "submit", data["version"])
        data = step("nnmt_approver", "approve", data["version"])
        data = step("coordinator", "accept", data["version"])
        self.assertEqual((data["state"], data["editable"]), ("accepted", False))
        self.assertIsNotNone(data["accepted_at"])
        locked = self.assertRefused(400, "nnmt_reporter", "PATCH", path, {"version": data["version"],
                                                                          "results": "sửa"})
        self.assertIsNone(locked["field"])
        self.assertRefused(400, "coordinator", "POST", f"{path}/reopen", {"version": data["version"], "reason": " "})
        data = step("coordinator", "reopen", data["version"], "Cập nhật số liệu chính thức.")
        self.assertEqual((data["state"], data["return_reason"]), ("returned", "Cập nhật số liệu chính thức."))
        actions = list(AuditEvent.objects.filter(object_type="reporting.taskreport", object_id=str(self.draft.pk))
                       .exclude(action="report.save").order_by("at", "id").values_list("action", flat=True))
        self.assertEqual(actions, ["report.submit", "report.send_back", "report.submit", "report.approve",
                                   "report.return", "report.submit", "report.approve", "report.accept",
                                   "report.reopen"])

    def test_a_body_without_an_approver_delivers_on_submit(self):
        report = self.fill(self.report("I.1", "th-syt"), by="yte_reporter")
        data = self.api("yte_reporter", "POST", f"/reports/{report.pk}/submit", {"version": report.version}).json()
        self.assertEqual(data["state"], "approved")
        self.assertIsNotNone(data["delivered_at"])

    def test_carry_forward_starts_the_draft_from_last_years_report(self):
        earlier = services.open_cycle(SYSTEM, self.plan, year=2025)
        earlier = services.notify_bodies(SYSTEM, earlier, earlier.version)
        old = TaskReport.objects.get(cycle=earlier, task__ref="II.7", organization__code="th-snnmt")
        services.save_report(SYSTEM, old, old.version, {**FILLED, "difficulties": "Thiếu kinh phí."},
                             [services.OutputInput(kind="ke_hoach", number="12/KH-SNNMT")])
        data = self.api("nnmt_reporter", "POST", f"/reports/{self.draft.pk}/carry-forward",
                        {"version": self.v}).json()
        self.assertEqual((data["results"], data["difficulties"], data["carried_from"], data["version"]),
                         (FILLED["results"], "Thiếu kinh phí.", old.pk, self.v + 1))
        self.assertEqual([o["number"] for o in data["outputs"]], ["12/KH-SNNMT"])
        first_year = TaskReport.objects.get(cycle=earlier, task__ref="VI.2", organization__code="th-snnmt")
        self.assertRefused(400, "nnmt_reporter", "POST", f"/reports/{first_year.pk}/carry-forward",
                           {"version": first_year.version})

    # -- who may do what --------------------------------------------------------------------

    def test_nobody_signed_in_gets_401_on_every_reporting_call(self):
        report = f"/reports/{self.draft.pk}"
        for method, path, body in (("GET", "/cycles", None), ("GET", f"/cycles/{self.cycle.pk}", None),
                                   ("GET", f"/cycles/{self.cycle.pk}/completeness", None), ("GET", "/reports", None),
                                   ("GET", report, None), ("PATCH", report, {"version": self.v, "results": "x"}),
                                   ("POST", f"{report}/submit", {"version": self.v}),
                                   ("POST", f"{report}/accept", {"version": self.v}),
                                   ("POST", f"{report}/carry-forward", {"version": self.v})):
            with self.subTest(method=method, path=path):
                self.assertRefused(401, "anonymous", method, path, body)
        bad_token = self.client.get("/api/v1/reports", HTTP_AUTHORIZATION="Bearer nope")
        self.assertEqual(bad_token.status_code, 401)

    def test_the_permission_matrix_on_a_draft(self):
        report = self.fill(self.draft)
        path = f"/reports/{report.pk}"
        version = {"version": report.version}
        for persona, method, suffix, body, status in (
            ("yte_reporter", "GET", "", None, 404),
            ("yte_reporter", "PATCH", "", {**version, "results": "ghi đè"}, 404),
            ("yte_reporter", "POST", "/submit", version, 404),
            ("commune", "GET", "", None, 404),
            ("commune", "PATCH", "", {**version, "results": "ghi đè"}, 404),
            ("viewer", "GET", "", None, 404),  # leadership reads what reached the coordinator, not drafts
            ("viewer", "PATCH", "", {**version, "results": "ghi đè"}, 404),
            ("coordinator", "PATCH", "", {**version, "results": "ghi đè"}, 403),
            ("coordinator", "POST", "/submit", version, 403),
            ("nnmt_reporter", "POST", "/accept", version, 403),
            ("nnmt_approver", "POST", "/accept", version, 403),
        ):
            with self.subTest(persona=persona, method=method, suffix=suffix):
                self.assertRefused(status, persona, method, path + suffix, body)
        for persona in ("nnmt_reporter", "nnmt_approver", "coordinator"):
            self.assertEqual(self.api(persona, "GET", path).status_code, 200, persona)

    def test_the_permission_matrix_on_a_submitted_report(self):
        report = self.submitted()
        path = f"/reports/{report.pk}"
        version = {"version": report.version}
        reason = {**version, "reason": "Lý do"}
        for persona, suffix, body, status in (
            ("nnmt_reporter", "/approve", version, 403),
            ("nnmt_reporter", "/send-back", reason, 403),
            ("yte_reporter", "/approve", version, 404),
            ("coordinator", "/approve", version, 403),
            ("coordinator", "/return", reason, 400),  # not yet approved by the body
            ("viewer", "/approve", version, 404),
        ):
            with self.subTest(persona=persona, suffix=suffix):
                self.assertRefused(status, persona, "POST", path + suffix, body)
        self.assertEqual(self.api("nnmt_approver", "POST", f"{path}/approve", version).status_code, 200)

    def test_an_approver_approves_only_the_reports_of_the_own_body(self):
        yte_approver, _password = create_user(SYSTEM, "yte_approver", organization=self.org("th-syt"),
                                              role=Role.APPROVER, password=PASSWORD)
        report = self.fill(self.report("I.1", "th-syt"), by="yte_reporter")
        report = services.submit(self.yte_reporter, report, report.version)
        self.assertEqual(report.state, "submitted")
        path = f"/reports/{report.pk}/approve"
        self.assertRefused(404, "nnmt_approver", "POST", path, {"version": report.version})
        self.client.force_login(yte_approver)
        response = self.client.post(f"/api/v1{path}", {"version": report.version}, content_type="application/json")
        self.assertEqual((response.status_code, response.json()["state"]), (200, "approved"))

    def test_the_permission_matrix_on_an_approved_and_an_accepted_report(self):
        report = self.approved()
        path = f"/reports/{report.pk}"
        version = {"version": report.version}
        reason = {**version, "reason": "Lý do"}
        for persona, suffix, body, status in (
            ("nnmt_approver", "/accept", version, 403),
            ("nnmt_approver", "/return", reason, 403),
            ("nnmt_reporter", "/accept", version, 403),
            ("viewer", "/accept", version, 403),  # leadership reads delivered reports, decides nothing
            ("viewer", "/return", reason, 403),
            ("yte_reporter", "/accept", version, 404),
            ("commune", "/return", reason, 404),
        ):
            with self.subTest(persona=persona, suffix=suffix):
                self.assertRefused(status, persona, "POST", path + suffix, body)
        self.assertEqual(self.api("viewer", "GET", path).status_code, 200)
        accepted = self.api("coordinator", "POST", f"{path}/accept", version).json()
        version = {"version": accepted["version"], "reason": "Lý do"}
        for persona, status in (("nnmt_reporter", 403), ("nnmt_approver", 403), ("viewer", 403),
                                ("yte_reporter", 404)):
            with self.subTest(persona=persona, action="reopen"):
                self.assertRefused(status, persona, "POST", f"{path}/reopen", version)
        self.assertRefused(400, "nnmt_reporter", "PATCH", path, {"version": accepted["version"], "results": "sửa"})

    def test_a_session_must_carry_its_csrf_token_to_write(self):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(self.nnmt_reporter)
        self.assertEqual(browser.get(f"/api/v1/reports/{self.draft.pk}").status_code, 200)
        before = self.footprint(self.draft)
        refused = browser.patch(f"/api/v1/reports/{self.draft.pk}", {"version": self.v, "results": "x"},
                                content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(self.footprint(self.draft), before)
        token = get_random_string(32)
        browser.cookies["csrftoken"] = token
        saved = browser.patch(f"/api/v1/reports/{self.draft.pk}", {"version": self.v, "results": "x"},
                              content_type="application/json", HTTP_X_CSRFTOKEN=token)
        self.assertEqual(saved.status_code, 200, saved.content[:300])
