"""The REST API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from ninja import NinjaAPI

from xanh.core.api import TokenOrSession, register_error_handlers
from xanh.documents.api import router as documents_router
from xanh.indicators.api import router as indicators_router
from xanh.organizations.api import router as organizations_router
from xanh.plans.api import router as plans_router
from xanh.portal.api import router as open_data_router
from xanh.reporting.api import router as reporting_router

api = NinjaAPI(title="xanh API", version="1", description=(
    "Read the plan, its tasks and the bodies that carry them; read and write the caller's task "
    "reports in reporting cycles. Machine clients send `Authorization: Bearer <token>`; without it, "
    "only published plans are visible and the reporting endpoints answer 401."),
    auth=TokenOrSession())
api.add_router("", plans_router)
api.add_router("", organizations_router)
api.add_router("", reporting_router)
api.add_router("", documents_router)
api.add_router("", indicators_router)
api.add_router("", open_data_router)
register_error_handlers(api)
