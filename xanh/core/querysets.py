"""Restricted querysets: the only way a view or API handler lists or fetches objects.

`Model.objects.restrict(user, "view")` returns what that person may see; each model's
queryset says how in `_restrict`. A queryset that was never restricted cannot be told
apart at run time, so tests pin that every view goes through here.
"""

from django.db import models


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return self._restrict(user, action)

    def _restrict(self, user, action):  # pragma: no cover - every subclass overrides
        raise NotImplementedError
