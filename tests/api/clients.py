"""Calling /api/v1/ as a persona: each persona has its own bearer token, built once per class."""

import json

from xanh.core.services import SYSTEM
from xanh.organizations.services import issue_api_token


class ApiPersonas:
    """Mixin for a persona TestCase: `self.api(persona, method, path, body)`; "anonymous" sends nothing."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.keys = {name: issue_api_token(SYSTEM, user, "test") for name, user in cls.users.items()}

    def api(self, persona, method, path, body=None, **params):
        headers = {} if persona == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {self.keys[persona]}"}
        url = f"/api/v1{path}"
        if method == "GET":
            return self.client.get(url, params, **headers)
        data = json.dumps(body if body is not None else {})
        return self.client.generic(method, url, data, content_type="application/json", **headers)
