import os

import pytest


def pytest_configure(config):
    # Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
    # usable there (the live server runs in its own thread).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("XANH_SKIP_BROWSER") == "1":
        skip = pytest.mark.skip(reason="Chromium is not installed on this machine (see `make test`)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)
