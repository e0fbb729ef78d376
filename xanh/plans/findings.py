"""What an import reports about its source, in words the coordinator reads."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from xanh.plans.enums import FindingKind


def describe(finding) -> str:
    p = finding.params or {}
    kind = finding.kind
    if kind == FindingKind.THEME_TITLE:
        return _(
            "The appendix titles theme %(code)s “%(as_written)s”, but section %(section)s of the plan body "
            "(line %(line)s) is “%(body_title)s”."
        ) % p
    if kind == FindingKind.UNRESOLVED_ASSIGNEE:
        suggestions = ", ".join(f"{name} ({number_format(score * 100, 0)}%)"
                                for name, score in p.get("suggestions", []))
        text = _("Task %(ref)s: “%(name)s” matches no known body or group.") % p
        if suggestions:
            text += " " + _("Closest: %(suggestions)s.") % {"suggestions": suggestions}
        return text
    if kind == FindingKind.LEAD_ALSO_COORDINATING:
        return _("Task %(ref)s names %(name)s both as lead and as coordinating body.") % p
    if kind == FindingKind.NUMBERING:
        return _("Theme %(theme)s: task numbers run %(numbers)s; expected 1 to %(count)d in order.") % p
    if kind == FindingKind.TIME_FRAME:
        return _("Task %(ref)s: the time frame “%(value)s” could not be read as years.") % p
    if kind == FindingKind.PRODUCT:
        return _("Task %(ref)s: the product “%(value)s” is not in the vocabulary; it is kept as “other”.") % p
    if kind == FindingKind.EMPTY_THEME:
        return _("Theme %(code)s has no tasks and no sub-themes.") % p
    return str(p)
