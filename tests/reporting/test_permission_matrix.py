"""Persona × action × object, table-driven: who may read and move which report."""

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.services import SYSTEM
from xanh.reporting import queries
from xanh.reporting.services import (
    accept,
    approve,
    open_cycle,
    reopen,
    return_report,
    save_report,
    set_cycle_publication,
    submit,
)

PERSONAS = ["coordinator", "nnmt_reporter", "nnmt_approver", "yte_reporter", "commune", "viewer", "anonymous"]
Y, N = True, False

# what each persona may read, by the state of a report of Sở Nông nghiệp và Môi trường
READ = {
    #                 coord nnmt_r nnmt_a yte  commune viewer anon
    "draft":           (Y,    Y,     Y,    N,    N,     N,    N),
    "submitted":       (Y,    Y,     Y,    N,    N,     N,    N),
    "approved":        (Y,    Y,     Y,    N,    N,     Y,    N),
    "accepted":        (Y,    Y,     Y,    N,    N,     Y,    N),
    "accepted, published": (Y, Y,    Y,    Y,    Y,     Y,    Y),
}
# which persona may take each action on a report in the state the action needs
ACT = {
    "save":    (N, Y, Y, N, N, N, N),
    "submit":  (N, Y, Y, N, N, N, N),
    "approve": (N, N, Y, N, N, N, N),
    "return":  (Y, N, N, N, N, N, N),
    "accept":  (Y, N, N, N, N, N, N),
    "reopen":  (Y, N, N, N, N, N, N),
}
# pages: 200 when allowed; 404/403 when not; anonymous is sent to sign in
PAGES = {
    "cycle dashboard": (Y, N, N, N, N, Y, N),
    "body page":       (Y, Y, Y, N, N, Y, N),
    "open a cycle":    (Y, N, N, N, N, N, N),
}


class PermissionMatrixTests(CycleTestCase):
    def user(self, persona):
        return self.anonymous if persona == "anonymous" else self.users[persona]

    def in_state(self, state, ref="II.5"):
        report = self.report(ref, "th-snnmt")
        if state == "draft":
            return report
        report = save_report(SYSTEM, report, report.version, {"status": "on_track", "results": "Đã làm"})
        report = submit(SYSTEM, report, report.version)
        if state == "submitted":
            return report
        report = approve(SYSTEM, report, report.version)
        if state == "approved":
            return report
        return accept(SYSTEM, report, report.version)

    def test_who_reads_a_report_in_each_state(self):
        for state, allowed in READ.items():
            report = self.in_state(state.split(",")[0])
            if state.endswith("published"):
                set_cycle_publication(SYSTEM, self.cycle, self.fresh_cycle().version, True)
            for persona, expected in zip(PERSONAS, allowed, strict=True):
                with self.subTest(state=state, persona=persona):
                    visible = queries.reports(self.user(persona)).filter(pk=report.pk).exists()
                    self.assertEqual(visible, expected)
            self.reset(report)

    def fresh_cycle(self):
        self.cycle.refresh_from_db()
        return self.cycle

    def reset(self, report):
        """Put the cycle back unpublished and the report back to an untouched draft for the next row."""
        cycle = self.fresh_cycle()
        if cycle.is_public:
            set_cycle_publication(SYSTEM, cycle, cycle.version, False)
        type(report).objects.filter(pk=report.pk).update(state="draft", status="", results="", updated_at=None,
                                                          delivered_at=None)

    def test_who_takes_each_action(self):
        needs = {"save": "draft", "submit": "draft", "approve": "submitted", "return": "approved",
                 "accept": "approved", "reopen": "accepted"}
        for action, allowed in ACT.items():
            for persona, expected in zip(PERSONAS, allowed, strict=True):
                with self.subTest(action=action, persona=persona):
                    report = self.in_state(needs[action])
                    if action == "submit":
                        report = save_report(SYSTEM, report, report.version, {"status": "on_track", "results": "x"})
                    before = (self.fresh(report).state, self.fresh(report).version)
                    try:
                        self.act(action, self.user(persona), report)
                        done = True
                    except PermissionDenied:
                        done = False
                    self.assertEqual(done, expected)
                    if not done:
                        after = self.fresh(report)
                        self.assertEqual((after.state, after.version), before)
                    self.reset(report)

    def act(self, action, user, report):
        version = report.version
        if action == "save":
            return save_report(user, report, version, {"results": "Sửa"})
        if action == "submit":
            return submit(user, report, version)
        if action == "approve":
            return approve(user, report, version)
        if action == "return":
            return return_report(user, report, version, "Bổ sung")
        if action == "accept":
            return accept(user, report, version)
        return reopen(user, report, version, "Điều chỉnh")

    def test_who_opens_which_page(self):
        report = self.report("II.5", "th-snnmt")
        urls = {"cycle dashboard": f"/reporting/cycles/{self.cycle.pk}/",
                "body page": f"/reporting/cycles/{self.cycle.pk}/bodies/th-snnmt/",
                "open a cycle": "/reporting/cycles/new/"}
        for page, allowed in PAGES.items():
            for persona, expected in zip(PERSONAS, allowed, strict=True):
                with self.subTest(page=page, persona=persona):
                    self.client.logout()
                    if persona != "anonymous":
                        self.client.force_login(self.users[persona])
                    response = self.client.get(urls[page])
                    if persona == "anonymous":
                        self.assertEqual(response.status_code, 302)
                        self.assertIn("/accounts/login/", response["Location"])
                    elif expected:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assertIn(response.status_code, (302, 403, 404))
                        if response.status_code == 302:  # a member is sent to their own body's page
                            self.assertIn(f"/bodies/{self.users[persona].memberships.get().organization.code}/",
                                          response["Location"])
        self.assertEqual(self.fresh(report).version, report.version)

    def test_a_reporter_of_another_body_can_neither_read_nor_post_to_a_draft(self):
        report = self.report("II.5", "th-snnmt")
        client = self.signed_in("yte_reporter")
        self.assertEqual(client.get(f"/reporting/reports/{report.pk}/").status_code, 404)
        response = client.post(f"/reporting/reports/{report.pk}/", {"version": report.version, "results": "x",
                                                                     "quick": "1"})
        self.assertEqual(response.status_code, 404)
        response = client.post(f"/reporting/reports/{report.pk}/do/submit/", {"version": report.version})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.fresh(report).version, report.version)

    def test_a_cycle_in_preparation_is_the_coordinators_alone(self):
        cycle = open_cycle(SYSTEM, self.plan, year=2027)
        for persona in ("nnmt_reporter", "viewer", "anonymous"):
            with self.subTest(persona):
                self.assertFalse(queries.cycles(self.user(persona)).filter(pk=cycle.pk).exists())
                self.assertFalse(queries.reports(self.user(persona)).filter(cycle=cycle).exists())
        report = cycle.reports.filter(organization__code="th-snnmt").first()
        with self.assertRaises(ServiceError):
            save_report(self.nnmt_reporter, report, report.version, {"results": "sớm"})
