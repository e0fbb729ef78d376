"""Resolve assignee names as written in a plan to bodies and groups, honestly.

Every match carries a confidence and a method; nothing below an exact name or alias is
treated as certain, and a name that matches nothing is reported, never dropped.

  exact       the name or an alias, ignoring case and punctuation          1.00
  normalised  equal once diacritics are dropped or abbreviations expanded   0.95
  fuzzy       close enough in spelling (OCR typos, small variants)          0.80–0.94
  unresolved  nothing close enough; suggestions are kept for the reviewer   0.00
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from xanh.core.text import fold
from xanh.organizations.models import Alias, Organization, OrgGroup


class MatchMethod(models.TextChoices):
    EXACT = "exact", _("exact name or alias")
    NORMALISED = "normalised", _("same name without diacritics or abbreviations")
    FUZZY = "fuzzy", _("close spelling")
    MANUAL = "manual", _("set by the coordinator")
    UNRESOLVED = "unresolved", _("not resolved")


FUZZY_THRESHOLD = 84.0
AMBIGUITY_MARGIN = 3.0

# Split points inside one assignee cell: a comma or "và" followed by a word that starts a
# body's name. Proper-name starters must be capitalised ("Các sở, ban ngành" does not split
# at "ban"); "các" and "UBND" start collective names in any case.
_STARTERS = (
    r"(?i:các\b|ubnd\b|ủy ban\b|uỷ ban\b)|Sở\b|Ban\b|Bộ\b|Trung tâm\b|Ngân hàng\b|Hiệp hội\b|Đài\b"
    r"|Văn phòng\b|Mặt trận\b|Mật trấn\b|Báo\b|Hội\b|Liên minh\b|Quỹ\b|Cục\b|Chi cục\b|Công an\b|Bộ Chỉ huy\b"
)
_SPLIT = re.compile(r"\s*(?:,|;|\bvà\b)\s+(?=(?:" + _STARTERS + r"))")
_TRAILING = re.compile(r"[\s.,;:…]+$")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    path = Path(__file__).parent / "data" / "abbreviations.yaml"
    return {str(k): str(v) for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def exact_key(name: str) -> str:
    """Case- and punctuation-insensitive, diacritics kept."""
    text = unicodedata.normalize("NFC", name).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def expand(folded: str) -> str:
    table = abbreviations()
    return " ".join(table.get(word, word) for word in folded.split())


def clean_name(text: str) -> str:
    return _TRAILING.sub("", re.sub(r"\s+", " ", text or "")).strip()


@dataclass
class Match:
    as_written: str
    organization: Organization | None = None
    group: OrgGroup | None = None
    confidence: float = 0.0
    method: str = MatchMethod.UNRESOLVED
    suggestions: list[tuple[str, float]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.organization is not None or self.group is not None

    @property
    def target(self):
        return self.organization or self.group


@dataclass
class _Candidate:
    entity: Organization | OrgGroup
    name: str
    exact: str
    folded: str
    expanded: str
    core: str


class NameResolver:
    def __init__(self, organizations, groups, aliases, place_names=(), on: date | None = None):
        self.on = on
        self._cache: dict[str, Match] = {}
        self._noise = sorted({fold(p) for p in place_names if p}, key=len, reverse=True)
        self.candidates: list[_Candidate] = []
        by_org = {o.pk: o for o in organizations}
        by_group = {g.pk: g for g in groups}
        for org in organizations:
            for name in {org.name, org.short_name} - {""}:
                self._add(org, name)
        for group in groups:
            self._add(group, group.name)
        for alias in aliases:
            owner = by_org.get(alias.organization_id) if alias.organization_id else by_group.get(alias.group_id)
            if owner is not None:
                self._add(owner, alias.name)

    @classmethod
    def for_province(cls, province: Organization | None, on: date | None = None) -> NameResolver:
        orgs = Organization.objects.all()
        groups = OrgGroup.objects.all()
        if province is not None:
            orgs = orgs.filter(Q(province=province) | Q(province__isnull=True))
            groups = groups.filter(Q(scope=province) | Q(scope__isnull=True))
        orgs, groups = list(orgs), list(groups)
        aliases = Alias.objects.filter(Q(organization__in=orgs) | Q(group__in=groups))
        places = [province.name.split(" tỉnh ", 1)[-1]] if province and " tỉnh " in province.name else []
        return cls(orgs, groups, list(aliases), places, on)

    def _core(self, folded: str) -> str:
        text = f" {folded} "
        for place in self._noise:
            text = text.replace(f" tinh {place} ", " ").replace(f" {place} ", " ")
        return " ".join(text.split())

    def _add(self, entity, name: str):
        folded = fold(name)
        self.candidates.append(
            _Candidate(entity, name, exact_key(name), folded, expand(folded), self._core(expand(folded)))
        )

    # -- one name -------------------------------------------------------------------------

    def resolve_one(self, as_written: str) -> Match:
        name = clean_name(as_written)
        match = Match(as_written=name)
        if not name:
            return match
        key, folded = exact_key(name), fold(name)
        expanded = expand(folded)
        core = self._core(expanded)
        exact = [c for c in self.candidates if c.exact == key]
        if exact:
            return self._pick(match, exact, 1.0, MatchMethod.EXACT)
        normal = [c for c in self.candidates if c.folded == folded or c.expanded == expanded or c.core == core]
        if normal:
            return self._pick(match, normal, 0.95, MatchMethod.NORMALISED)
        scored: dict[tuple, tuple[float, _Candidate]] = {}
        for c in self.candidates:
            score = max(
                fuzz.ratio(folded, c.folded),
                fuzz.ratio(expanded, c.expanded),
                fuzz.ratio(core, c.core),
                fuzz.token_sort_ratio(core, c.core),
            )
            ident = (type(c.entity).__name__, c.entity.pk)
            if ident not in scored or score > scored[ident][0]:
                scored[ident] = (score, c)
        ranked = sorted(scored.values(), key=lambda item: item[0], reverse=True)
        match.suggestions = [(c.entity.name, round(score / 100, 2)) for score, c in ranked[:3]]
        if not ranked or ranked[0][0] < FUZZY_THRESHOLD:
            return match
        best_score, best = ranked[0]
        confidence = min(0.94, best_score / 100 * 0.97)
        if len(ranked) > 1 and best_score - ranked[1][0] < AMBIGUITY_MARGIN:
            confidence -= 0.1  # two bodies are about as close: the reviewer must choose
        return self._assign(match, best.entity, round(confidence, 2), MatchMethod.FUZZY)

    def _pick(self, match: Match, found: list[_Candidate], confidence: float, method) -> Match:
        entities = {(type(c.entity).__name__, c.entity.pk): c.entity for c in found}
        chosen = list(entities.values())
        if len(chosen) > 1 and self.on is not None:
            # The same name for two bodies: the one that existed when the plan was issued.
            living = [e for e in chosen if isinstance(e, Organization) and e.active_on(self.on)]
            chosen = living or chosen
        if len(chosen) > 1:
            confidence = min(confidence, 0.8)
            match.suggestions = [(e.name, confidence) for e in chosen]
        return self._assign(match, chosen[0], confidence, method)

    @staticmethod
    def _assign(match: Match, entity, confidence: float, method) -> Match:
        if isinstance(entity, OrgGroup):
            match.group = entity
        else:
            match.organization = entity
        match.confidence = confidence
        match.method = method
        return match

    # -- one cell ---------------------------------------------------------------------------

    def resolve_cell(self, cell: str) -> list[Match]:
        """Split a cell on ';', then choose the best way to split each part on ', '/' và '."""
        matches: list[Match] = []
        for part in (p for p in (clean_name(x) for x in (cell or "").split(";")) if p):
            matches.extend(self._segment(part))
        return matches

    def _segment(self, text: str) -> list[Match]:
        """The best way to cut `text` into names at the possible split points.

        A part scores (confidence − ½) × its length, so a whole exact name beats two close
        halves, and two exact names beat one doubtful whole; ties go to fewer parts. Dynamic
        programming over the split points: quadratic, whatever the number of names."""
        cuts = [(m.start(), m.end()) for m in _SPLIT.finditer(text)]
        starts = [0] + [end for _start, end in cuts]
        ends = [start for start, _end in cuts] + [len(text)]
        best: list[tuple[float, list[Match]] | None] = [(0.0, [])] + [None] * len(ends)
        for j in range(1, len(ends) + 1):
            for i in range(j):
                if best[i] is None:
                    continue
                part = clean_name(text[starts[i]:ends[j - 1]])
                if not part:
                    continue
                match = self._resolve_cached(part)
                score = best[i][0] + (match.confidence - 0.5) * len(part) - 0.01
                if best[j] is None or score > best[j][0]:
                    best[j] = (score, best[i][1] + [match])
        return best[-1][1] if best[-1] else [self.resolve_one(text)]

    def _resolve_cached(self, name: str) -> Match:
        if name not in self._cache:
            self._cache[name] = self.resolve_one(name)
        found = self._cache[name]
        return Match(found.as_written, found.organization, found.group, found.confidence, found.method,
                     list(found.suggestions))
