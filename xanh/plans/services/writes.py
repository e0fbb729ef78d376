"""Writing an analysed plan's themes, tasks, assignments, candidates and findings."""

from __future__ import annotations

from django.db.models import Prefetch

from xanh.core.text import search_text
from xanh.organizations.resolver import Match
from xanh.plans.enums import AssignmentRole, CandidateStatus
from xanh.plans.importers.analysis import AnalysedFinding, AnalysedPlan, AnalysedTask, AnalysedTheme
from xanh.plans.models import Assignment, Finding, Plan, TargetCandidate, Task, Theme


def create_theme(plan: Plan, theme: AnalysedTheme, parents: dict[str, Theme]) -> Theme:
    return Theme.objects.create(
        plan=plan, code=theme.code, title=theme.title_as_written, title_as_written=theme.title_as_written,
        parent=parents.get(theme.parent_code) if theme.parent_code else None, order=theme.order,
        source_line=theme.line,
    )


def task_fields(task: AnalysedTask) -> dict:
    guidance = task.guidance
    return {
        "text": task.text,
        "text_as_written": task.source.text,
        "time_frame": task.time_frame,
        "start_year": task.start_year,
        "end_year": task.end_year,
        "products": task.products,
        "products_as_written": task.products_as_written,
        "note": task.note,
        "awaits_guidance": task.awaits_guidance,
        "guidance_from_as_written": guidance.as_written if guidance else "",
        "guidance_from": guidance.organization if guidance else None,
        "guidance_clause": "; ".join(c.clause for c in task.conditions),
        "source_line": task.source.line,
        "source_ref": task.source.ref,
        "source_row": task.source.raw,
    }


def create_task(plan: Plan, theme: Theme, task: AnalysedTask, seq: int) -> Task:
    row = Task.objects.create(plan=plan, theme=theme, number=task.number, ref=task.ref, added_in=seq,
                              search_text=task.search_text(theme.title), **task_fields(task))
    write_assignments(row, AssignmentRole.LEAD, task.leads)
    write_assignments(row, AssignmentRole.COORDINATING, task.coordinating)
    write_candidates(row, task)
    return row


def write_assignments(task: Task, role: str, matches: list[Match], keep: dict | None = None) -> None:
    """Replace a task's assignments in one role. `keep` maps as-written text to an existing
    reviewed assignment whose resolution survives (the coordinator's decision is not lost)."""
    keep = keep or {}
    Assignment.objects.filter(task=task, role=role).delete()
    rows = []
    for position, match in enumerate(matches):
        previous = keep.get(match.as_written)
        if previous is not None:
            rows.append(Assignment(
                task=task, role=role, position=position, as_written=match.as_written,
                organization_id=previous.organization_id, group_id=previous.group_id,
                confidence=previous.confidence, method=previous.method, suggestions=previous.suggestions,
                reviewed_by_id=previous.reviewed_by_id, reviewed_at=previous.reviewed_at))
            continue
        rows.append(Assignment(
            task=task, role=role, position=position, as_written=match.as_written,
            organization=match.organization, group=match.group, confidence=match.confidence,
            method=match.method, suggestions=[list(s) for s in match.suggestions]))
    Assignment.objects.bulk_create(rows)


def write_candidates(task: Task, analysed: AnalysedTask) -> None:
    decided = {c.as_written: c for c in task.target_candidates.exclude(status=CandidateStatus.PROPOSED)}
    task.target_candidates.filter(status=CandidateStatus.PROPOSED).delete()
    TargetCandidate.objects.bulk_create([
        TargetCandidate(task=task, value=q.value, unit=q.unit, per=q.per, as_written=q.as_written)
        for q in analysed.quantities if q.as_written not in decided
    ])


def refresh_search_texts(task_ids) -> None:
    """Recompute the folded search text of these tasks (titles or assignees changed), in 3 queries."""
    tasks = list(Task.objects.filter(pk__in=list(task_ids)).select_related("theme").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("organization", "group"))))
    for task in tasks:
        assignments = list(task.assignments.all())
        names = [a.as_written for a in assignments] + [a.target.name for a in assignments if a.target is not None]
        task.search_text = search_text(task.ref, task.theme.title, task.text, *names, task.products_as_written,
                                       task.note)
    Task.objects.bulk_update(tasks, ["search_text"])


def add_findings(plan: Plan, seq: int, analysed: AnalysedPlan, themes: dict[str, Theme],
                 tasks: dict[str, Task]) -> list[Finding]:
    """Record findings not already known for this plan (a re-import does not repeat them)."""
    known = {_key(f) for f in plan.findings.all()}
    created = []
    for finding in analysed.findings:
        if _key(finding) in known:
            continue
        created.append(Finding.objects.create(
            plan=plan, seq=seq, kind=finding.kind, params=_jsonable(finding.params), location=finding.location,
            proposed_fix=finding.proposed_fix, theme=themes.get(finding.theme_code) if finding.theme_code else None,
            task=tasks.get(finding.task_ref) if finding.task_ref else None,
        ))
        known.add(_key(finding))
    return created


def _jsonable(params: dict) -> dict:
    return {k: ([list(x) for x in v] if k == "suggestions" else v) for k, v in params.items()}


def _key(finding: Finding | AnalysedFinding) -> tuple:
    """The same finding in two imports (suggestions may differ as the registry grows)."""
    return (finding.kind, tuple(sorted((k, str(v)) for k, v in finding.params.items() if k != "suggestions")))
