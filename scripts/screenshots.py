"""Screenshots for the README and the user guide, taken from the demo in Debian's Chromium.

    make screenshots      # writes docs/img/*.png

Runs the demo on a fresh database in a temporary folder, serves it on a free local port,
signs in as the demo coordinator and photographs the main pages.
"""

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


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XANH_DATA_DIR": tempfile.mkdtemp(prefix="xanh-shots-")}
    xanh = str(Path(sys.executable).parent / "xanh")
    demo = subprocess.run([xanh, "demo"], env=env, capture_output=True, text=True, check=True).stdout
    password = re.search(r"^\s+dieuphoi\s+(\S+)", demo, re.M).group(1)
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
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
