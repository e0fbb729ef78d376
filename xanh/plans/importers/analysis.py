"""From what a file says to what the plan means: clean text, years, products, conditions,
quantities, assignees resolved to bodies — and findings about the source, never silent."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from xanh.core.text import fold, search_text
from xanh.organizations.models import Organization
from xanh.organizations.resolver import Match, NameResolver
from xanh.plans.enums import FindingKind
from xanh.plans.importers.cleaning import (
    Condition,
    Quantity,
    clean_text,
    find_conditions,
    find_quantities,
    parse_products,
    parse_time_frame,
    strip_tags,
)
from xanh.plans.importers.source import SourceMeta, SourcePlan, SourceTask


@dataclass
class AnalysedTheme:
    code: str
    title_as_written: str
    parent_code: str | None
    order: int
    line: int
    ref: str


@dataclass
class AnalysedTask:
    source: SourceTask
    ref: str
    theme_code: str
    number: int
    text: str
    time_frame: str
    start_year: int | None
    end_year: int | None
    products: list[dict]
    products_as_written: str
    note: str
    conditions: list[Condition]
    guidance: Match | None
    quantities: list[Quantity]
    leads: list[Match]
    coordinating: list[Match]

    @property
    def awaits_guidance(self) -> bool:
        return bool(self.conditions)

    def search_text(self, theme_title: str) -> str:
        names = [m.as_written for m in self.leads + self.coordinating]
        names += [m.target.name for m in self.leads + self.coordinating if m.target is not None]
        return search_text(self.ref, theme_title, self.text, *names, self.products_as_written, self.note)


@dataclass
class AnalysedFinding:
    kind: str
    params: dict
    location: str
    proposed_fix: str = ""
    theme_code: str | None = None
    task_ref: str | None = None

    @property
    def message(self) -> str:
        from xanh.plans.findings import describe

        return describe(self)


@dataclass
class AnalysedPlan:
    source: SourcePlan
    meta: SourceMeta
    themes: list[AnalysedTheme]
    tasks: list[AnalysedTask]
    findings: list[AnalysedFinding] = field(default_factory=list)

    @property
    def task_theme_count(self) -> int:
        """Themes that carry tasks (VIII, which only groups VIII.1–VIII.11, does not count)."""
        return len({t.theme_code for t in self.tasks})

    def snapshot(self) -> dict:
        """What the source says, in the export's shape: the basis for comparing versions."""
        return {
            "plan": {"number": self.meta.number, "date": self.meta.date.isoformat() if self.meta.date else None,
                     "issuer": self.meta.issuer, "title": self.meta.title, "signer": self.meta.signer},
            "themes": [{"code": t.code, "title": t.title_as_written, "parent": t.parent_code} for t in self.themes],
            "tasks": [
                {"ref": t.ref, "theme": t.theme_code, "number": t.number, "text": t.text,
                 "lead": [m.as_written for m in t.leads], "coordinating": [m.as_written for m in t.coordinating],
                 "time_frame": t.time_frame, "products": t.products_as_written, "note": t.note,
                 "source_line": t.source.line}
                for t in self.tasks
            ],
        }


def _theme_fix(theme: AnalysedTheme, sections: dict) -> AnalysedFinding | None:
    """The appendix theme title against the body's section heading of the same number."""
    found = sections.get(theme.code)
    if not found:
        return None
    body_title, line = found
    body_core = _core(body_title)
    appendix_core = _core(theme.title_as_written)
    if not body_core or not appendix_core:
        return None
    if body_core in appendix_core or appendix_core in body_core:
        return None
    if fuzz.ratio(body_core, appendix_core) >= 80 or fuzz.token_set_ratio(body_core, appendix_core) >= 90:
        return None
    proposal = _strip_group_prefix(body_title)
    section = theme.code.replace("VIII", "8").replace("VII", "7")
    return AnalysedFinding(
        FindingKind.THEME_TITLE,
        {"code": theme.code, "as_written": theme.title_as_written, "body_title": proposal, "line": line,
         "section": _arabic_section(theme.code) or section},
        theme.ref, proposed_fix=proposal, theme_code=theme.code,
    )


def _arabic_section(code: str) -> str:
    from xanh.plans.importers.metadata import roman_to_int

    head, _sep, tail = code.partition(".")
    number = roman_to_int(head)
    return f"{number}.{tail}" if tail else str(number or "")


def _strip_group_prefix(title: str) -> str:
    import re

    text = re.sub(r"^Nhóm nhiệm vụ,?\s*giải pháp\s*(về\s+)?", "", title.strip(), flags=re.I)
    return text[:1].upper() + text[1:]


def _core(title: str) -> str:
    return fold(_strip_group_prefix(strip_tags(title)))


def analyse(source: SourcePlan, resolver: NameResolver) -> AnalysedPlan:
    meta = source.meta
    period = (meta.period_start, meta.period_end)
    findings: list[AnalysedFinding] = []
    codes = {t.code for t in source.themes}
    themes = [
        AnalysedTheme(t.code, t.title, t.parent_code if t.parent_code in codes else None, index, t.line, t.ref)
        for index, t in enumerate(source.themes, start=1)
    ]
    for theme in themes:
        fix = _theme_fix(theme, source.body_sections)
        if fix:
            findings.append(fix)
    cache: dict[str, list[Match]] = {}

    def resolve(cell: str) -> list[Match]:
        if cell not in cache:
            cache[cell] = resolver.resolve_cell(strip_tags(cell))
        return cache[cell]

    tasks: list[AnalysedTask] = []
    for st in source.tasks:
        text = clean_text(st.text)
        start, end, understood = parse_time_frame(st.time_frame, period)
        time_frame = " ".join(strip_tags(st.time_frame).split())
        if not understood:
            findings.append(AnalysedFinding(FindingKind.TIME_FRAME, {"ref": st.task_ref, "value": time_frame},
                                            st.ref, task_ref=st.task_ref))
        products, unknown = parse_products(st.products)
        for value in unknown:
            findings.append(AnalysedFinding(FindingKind.PRODUCT, {"ref": st.task_ref, "value": value}, st.ref,
                                            task_ref=st.task_ref))
        conditions = find_conditions(text)
        guidance = resolver.resolve_one(conditions[0].who) if conditions else None
        leads, coordinating = resolve(st.lead), resolve(st.coordinating)
        for match in leads + coordinating:
            if not match.resolved:
                findings.append(AnalysedFinding(
                    FindingKind.UNRESOLVED_ASSIGNEE,
                    {"ref": st.task_ref, "name": match.as_written, "suggestions": match.suggestions},
                    st.ref, task_ref=st.task_ref))
        lead_orgs = {m.organization.pk: m for m in leads if isinstance(m.organization, Organization)}
        for match in coordinating:
            if match.organization is not None and match.organization.pk in lead_orgs:
                findings.append(AnalysedFinding(
                    FindingKind.LEAD_ALSO_COORDINATING, {"ref": st.task_ref, "name": match.organization.name},
                    st.ref, task_ref=st.task_ref))
        tasks.append(AnalysedTask(
            source=st, ref=st.task_ref, theme_code=st.theme_code, number=st.number, text=text,
            time_frame=time_frame, start_year=start, end_year=end,
            products=[p.as_dict() for p in products], products_as_written=" ".join(strip_tags(st.products).split()),
            note=clean_text(st.note), conditions=conditions, guidance=guidance,
            quantities=find_quantities(text), leads=leads, coordinating=coordinating,
        ))
    findings.extend(_numbering(themes, tasks))
    return AnalysedPlan(source, meta, themes, tasks, findings)


def _numbering(themes: list[AnalysedTheme], tasks: list[AnalysedTask]) -> list[AnalysedFinding]:
    findings = []
    parents = {t.parent_code for t in themes if t.parent_code}
    for theme in themes:
        numbers = [t.number for t in tasks if t.theme_code == theme.code]
        if not numbers:
            if theme.code not in parents:
                findings.append(AnalysedFinding(FindingKind.EMPTY_THEME, {"code": theme.code}, theme.ref,
                                                theme_code=theme.code))
            continue
        if numbers != list(range(1, len(numbers) + 1)):
            findings.append(AnalysedFinding(
                FindingKind.NUMBERING,
                {"theme": theme.code, "numbers": ", ".join(map(str, numbers)), "count": len(numbers)},
                theme.ref, theme_code=theme.code))
    return findings
