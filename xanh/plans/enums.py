from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft — under review")
    ACTIVE = "active", _("In force")
    CLOSED = "closed", _("Closed")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATING = "coordinating", _("Coordinating")


class ProductKind(models.TextChoices):
    """The plan's controlled vocabulary of expected products (sản phẩm)."""

    PLAN = "ke_hoach", _("Plan (kế hoạch)")
    PROGRAMME = "chuong_trinh", _("Programme (chương trình)")
    DECISION = "quyet_dinh", _("Decision (quyết định)")
    REPORT = "bao_cao", _("Report (báo cáo)")
    OFFICIAL_LETTER = "cong_van", _("Official letter (công văn)")
    SCHEME = "de_an", _("Scheme (đề án)")
    PROJECT = "du_an", _("Project (dự án)")
    DATABASE = "co_so_du_lieu", _("Database (cơ sở dữ liệu)")
    RESOLUTION = "nghi_quyet", _("Resolution (nghị quyết)")
    SCENARIO = "kich_ban", _("Scenario (kịch bản)")
    MEDIA_SECTION = "chuyen_trang", _("Media page or column (chuyên trang, chuyên mục)")
    NEWSLETTER = "ban_tin", _("Newsletter (bản tin)")
    REPORTAGE = "phong_su", _("Reportage (phóng sự)")
    PUBLICATION = "an_pham", _("Publication (ấn phẩm)")
    MODEL = "mo_hinh", _("Pilot model (mô hình)")
    GUIDANCE = "van_ban_huong_dan", _("Guidance document (văn bản hướng dẫn)")
    SUBMISSION = "to_trinh", _("Submission (tờ trình)")
    POLICY = "co_che_chinh_sach", _("Mechanism or policy (cơ chế, chính sách)")
    TRAINING = "dao_tao", _("Training programme (đào tạo, tập huấn, bồi dưỡng)")
    OTHER = "khac", _("Other")


class FindingKind(models.TextChoices):
    THEME_TITLE = "theme_title", _("Theme title differs from the plan body")
    UNRESOLVED_ASSIGNEE = "unresolved_assignee", _("Assignee not resolved")
    LEAD_ALSO_COORDINATING = "lead_also_coordinating", _("Same body leads and coordinates")
    NUMBERING = "numbering", _("Task numbering")
    TIME_FRAME = "time_frame", _("Time frame not understood")
    PRODUCT = "product", _("Product not in the vocabulary")
    EMPTY_THEME = "empty_theme", _("Theme without tasks")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("To review")
    ACCEPTED = "accepted", _("Fix accepted")
    EDITED = "edited", _("Corrected by hand")
    DISMISSED = "dismissed", _("Kept as written")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
