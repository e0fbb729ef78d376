"""Screenshots for the README and the user guide, taken from the demo in Debian's Chromium.

    make screenshots      # writes docs/img/*.png

Runs the demo on a fresh database in a temporary folder, serves it on a free local port,
signs in as the demo coordinator and photographs the main pages; then, as the demo reporter,
approver and coordinator, the reporting pages of the demo's open 2026 cycle.
"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The demo's 2026 cycle and the Sở Nông nghiệp và Môi trường reports to photograph, found by state:
# a draft nobody started whose task had a 2025 report (the form with last year's report beside it),
# a started draft (quick entry), a report the coordinator returned, one awaiting the approver, one
# awaiting the coordinator; a report on a task an indicator measures (an editable one when there is).
PICK_REPORTS = """
import json
from xanh.reporting.models import Cycle, TaskReport
from xanh.reporting.services import previous_report
cycle = Cycle.objects.get(kind="annual", year=2026)
mine = list(TaskReport.objects.filter(cycle=cycle, organization__code="th-snnmt")
            .select_related("task", "cycle").order_by("task__theme__order", "task__number"))
fresh = next(r for r in mine if r.state == "draft" and not r.is_started and previous_report(r))
from xanh.indicators.models import Indicator
measured = set(Indicator.tasks.through.objects.values_list("task_id", flat=True))
linked = sorted((r for r in mine if r.task_id in measured), key=lambda r: not r.is_editable)
print(json.dumps({"cycle": cycle.pk, "fresh": fresh.pk, "measured": linked[0].pk,
                  "draft": next(r.pk for r in mine if r.state == "draft" and r.is_started),
                  "returned": next(r.pk for r in mine if r.state == "returned"),
                  "approved": next(r.pk for r in mine if r.state == "approved"),
                  "submitted": next(r.pk for r in mine if r.state == "submitted")}))
"""


def sign_in(browser, base, username, password, height=860):
    page = browser.new_context(viewport={"width": 1280, "height": height}, locale="vi-VN").new_page()
    page.goto(base + "/accounts/login/?next=/reporting/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/reporting/**")
    return page


def shoot(page, name):
    page.screenshot(path=str(OUT / name))
    print(OUT / name)


def reporting_shots(browser, base, passwords, picks):
    cycle, body = picks["cycle"], "th-snnmt"
    body_url = f"{base}/reporting/cycles/{cycle}/bodies/{body}/"

    reporter = sign_in(browser, base, "nnmt.baocao", passwords["nnmt.baocao"], height=1000)
    shoot(reporter, "reporting-home.png")
    reporter.goto(body_url)
    row = reporter.locator(f"table.reports tr:has(a[href='/reporting/reports/{picks['draft']}/'])")
    row.locator("details.quick summary").click()
    row.evaluate("row => row.scrollIntoView({block: 'center'})")
    shoot(reporter, "reporting-quick-entry.png")
    reporter.evaluate("document.querySelector('div.card[id^=task-]').previousElementSibling"
                      ".previousElementSibling.scrollIntoView()")
    shoot(reporter, "reporting-contributions.png")
    reporter.goto(f"{base}/reporting/reports/{picks['fresh']}/")
    shoot(reporter, "reporting-report.png")
    reporter.evaluate("document.querySelector('#report-form table.outputs').scrollIntoView({block: 'center'})")
    shoot(reporter, "reporting-outputs.png")
    reporter.goto(f"{base}/reporting/reports/{picks['measured']}/")
    if reporter.locator("#report-value-form").count():
        reporter.evaluate("[...document.querySelectorAll('#id_value-indicator option')].find("
                          "o => o.text.endsWith('(ha)')).selected = true")
        reporter.fill("#id_value-value", "10.500")
        reporter.fill("#id_value-source", "Ước tính của Sở đến 15/11")
    reporter.locator("#report-values").screenshot(path=str(OUT / "reporting-report-values.png"))
    print(OUT / "reporting-report-values.png")
    reporter.goto(f"{base}/reporting/reports/{picks['returned']}/")
    shoot(reporter, "reporting-returned.png")
    reporter.goto(f"{base}/reporting/cycles/{cycle}/bodies/{body}/xlsx/upload/")
    shoot(reporter, "reporting-excel.png")

    approver = sign_in(browser, base, "nnmt.duyet", passwords["nnmt.duyet"])
    approver.goto(body_url)
    shoot(approver, "reporting-approver-body.png")
    approver.goto(f"{base}/reporting/reports/{picks['submitted']}/")
    approver.evaluate("document.getElementById('workflow').scrollIntoView({block: 'center'})")
    shoot(approver, "reporting-approve.png")

    coordinator = sign_in(browser, base, "dieuphoi", passwords["dieuphoi"])
    coordinator.goto(f"{base}/reporting/cycles/new/")
    shoot(coordinator, "reporting-cycle-new.png")
    coordinator.goto(f"{base}/reporting/cycles/{cycle}/")
    shoot(coordinator, "reporting-cycle.png")
    coordinator.evaluate("document.querySelector('table.league').previousElementSibling.scrollIntoView()")
    shoot(coordinator, "reporting-league.png")
    coordinator.goto(f"{base}/reporting/cycles/{cycle}/expected/")
    shoot(coordinator, "reporting-expected.png")
    coordinator.locator("tr:has(td:text-is('Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa')):has(.arrow)").first.evaluate(
        "row => row.scrollIntoView({block: 'center'})")
    shoot(coordinator, "reporting-expected-why.png")
    coordinator.goto(f"{base}/reporting/cycles/{cycle}/reminders/")
    shoot(coordinator, "reporting-reminders.png")
    coordinator.goto(f"{base}/reporting/reports/{picks['approved']}/")
    coordinator.evaluate("document.getElementById('workflow').scrollIntoView({block: 'center'})")
    shoot(coordinator, "reporting-review.png")


def report_shots(browser, base, passwords):
    """The provincial report, the mid-term pack, the dashboard and the public portal (issue 4)."""
    coordinator = sign_in(browser, base, "dieuphoi", passwords["dieuphoi"])
    coordinator.goto(f"{base}/documents/cycles/2/annual/")
    shoot(coordinator, "documents-report.png")
    coordinator.evaluate("document.getElementById('section-overview').scrollIntoView()")
    shoot(coordinator, "documents-section.png")
    coordinator.goto(f"{base}/documents/cycles/1/midterm/")
    shoot(coordinator, "documents-midterm.png")
    leader = sign_in(browser, base, "lanhdao", passwords["lanhdao"], height=1400)
    leader.goto(f"{base}/reporting/dashboard/")
    shoot(leader, "dashboard.png")
    leader.goto(f"{base}/reporting/cycles/2/tasks/?status=behind")
    shoot(leader, "dashboard-tasks.png")
    coordinator.goto(f"{base}/indicators/board/")
    shoot(coordinator, "indicators-board.png")
    coordinator.goto(f"{base}/indicators/?q=che+phu")
    coordinator.locator("table a[href^='/indicators/'] >> nth=0").click()
    shoot(coordinator, "indicator.png")
    coordinator.goto(f"{base}/indicators/observations/upload/")
    shoot(coordinator, "indicators-upload.png")
    public = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN").new_page()
    for name, url in (("portal.png", "/portal/"), ("portal-cycle.png", "/portal/cycles/1/"),
                      ("open-data.png", "/open/")):
        public.goto(base + url)
        shoot(public, name)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XANH_DATA_DIR": tempfile.mkdtemp(prefix="xanh-shots-")}
    xanh = str(Path(sys.executable).parent / "xanh")
    demo = subprocess.run([xanh, "demo"], env=env, capture_output=True, text=True, check=True).stdout
    passwords = dict(re.findall(r"^\s+([a-z.]+)\s+(\S+)\s", demo, re.M))
    password = passwords["dieuphoi"]
    picks = json.loads(subprocess.run([xanh, "manage", "shell", "-c", PICK_REPORTS], env=env, capture_output=True,
                                      text=True, check=True).stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen([xanh, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="vi-VN")
            page.goto(base + "/accounts/login/")
            page.fill("#id_username", "dieuphoi")
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            shots = {
                "plan.png": "/plans/1/",
                "tasks-search.png": "/plans/1/tasks/?q=y+te",
                "tasks-by-body.png": "/plans/1/tasks/?org=th-snnmt&role=lead",
                "task.png": None,
                "review.png": "/plans/1/review/",
                "body.png": "/orgs/th-snnmt/",
                "group.png": "/orgs/groups/th-ubnd-cap-huyen/?on=2024-06-01",
                "import.png": "/plans/import/",
            }
            for name, url in shots.items():
                if url is None:
                    page.goto(base + "/plans/1/tasks/?q=cay+xanh+phan+tan")
                    page.click("table.tasks a >> nth=0")
                else:
                    page.goto(base + url)
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            reporting_shots(browser, base, passwords, picks)
            report_shots(browser, base, passwords)
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
