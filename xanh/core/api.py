"""API authentication: a bearer token for machine clients; otherwise the session's user
(possibly anonymous, who then sees only what is published)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError

from xanh.core.errors import PermissionDenied, ServiceError, StaleEdit
from xanh.core.models import ApiToken


class TokenOrSession:
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self):
        self.openapi_security_schema = {"type": "http", "scheme": "bearer",
                                        "description": gettext_lazy("Token from “xanh user token USERNAME”.")}

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return request.user
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise HttpError(401, _("Use “Authorization: Bearer <token>”."))
        token = (ApiToken.objects.select_related("user")
                 .filter(key_hash=ApiToken.hash(key.strip()), revoked_at__isnull=True).first())
        if token is None or not token.user.is_active:
            raise HttpError(401, _("Unknown or revoked token."))
        # bookkeeping, not a change of the data: no service, no audit event
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        request.user = token.user
        return token.user


def register_error_handlers(api) -> None:
    """Service refusals answer as JSON: ServiceError 400, PermissionDenied 403, StaleEdit 409."""

    def refused(status):
        def handler(request, exc):
            message = getattr(exc, "message", None) or str(exc) or _("You may not do this.")
            return api.create_response(request, {"detail": str(message), "field": getattr(exc, "field", None)},
                                       status=status)
        return handler

    api.add_exception_handler(StaleEdit, refused(409))
    api.add_exception_handler(ServiceError, refused(400))
    api.add_exception_handler(PermissionDenied, refused(403))
