"""The open datasets in the API: no credentials needed, the same rows as the files, in the OpenAPI document."""

from tests.portal.states import PortalTestCase, marker
from xanh.portal.opendata import DATASETS


class OpenDataApiTests(PortalTestCase):
    def test_each_dataset_answers_without_credentials_with_the_files_rows(self):
        for name, dataset in DATASETS.items():
            path = dataset.path.format(cycle_id=self.cycle.pk)
            with self.subTest(name):
                response = self.client.get(f"/api/v1/open/{path}")
                self.assertEqual(response.status_code, 200)
                data = response.json()
                self.assertEqual(data["dataset"], name)
                self.assertEqual(data["rows"], self.client.get(f"/open/{path}.json").json()["rows"])
                self.assertEqual([f["name"] for f in data["fields"]], [f.name for f in dataset.fields])

    def test_a_token_is_not_needed_and_a_bad_one_does_not_matter(self):
        response = self.client.get(f"/api/v1/open/cycles/{self.cycle.pk}/reports",
                                   headers={"Authorization": "Bearer not-a-token"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r["results"] for r in response.json()["rows"]], [marker("accepted-published")])

    def test_a_signed_in_reporter_gets_what_the_public_gets(self):
        public = self.client.get(f"/api/v1/open/cycles/{self.cycle.pk}/reports").json()["rows"]
        self.client.force_login(self.nnmt_reporter)
        self.assertEqual(self.client.get(f"/api/v1/open/cycles/{self.cycle.pk}/reports").json()["rows"], public)

    def test_unpublished_or_unknown_ids_are_404(self):
        for url in (f"/api/v1/open/cycles/{self.older.pk}/task-status", "/api/v1/open/cycles/999999/outputs",
                    "/api/v1/open/tasks?plan=999999"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_openapi_document_lists_them_without_security_and_with_the_fields(self):
        spec = self.client.get("/api/v1/openapi.json").json()
        for dataset in DATASETS.values():
            path = f"/api/v1/open/{dataset.path}"
            with self.subTest(path):
                operation = spec["paths"][path]["get"]
                self.assertFalse(operation.get("security"))
        row = spec["components"]["schemas"]["OpenTaskStatusRow"]["properties"]
        self.assertEqual(list(row), [f.name for f in DATASETS["task-status"].fields])
        self.assertTrue(row["status"]["description"])
