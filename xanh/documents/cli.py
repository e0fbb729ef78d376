"""`xanh report build`: the provincial report or a review pack, built by the same builder as the UI.

Run as the system (the operator on the server). Refusals raise ServiceError, which `xanh` prints on
stderr with exit status 1.
"""

from django.utils.translation import gettext as _

from xanh.core.services import SYSTEM
from xanh.documents.builders import build
from xanh.documents.figures import vi_number
from xanh.reporting.cli import get_cycle


def report_build(args) -> int:
    cycle = get_cycle(args.cycle)
    built = build(SYSTEM, cycle, args.kind, args.format)
    output = args.output or built.name
    with open(output, "wb") as handle:
        handle.write(built.data)
    figures = built.content.figures
    print(_("Wrote %(file)s (%(size)s bytes): %(subject)s.") % {
        "file": output, "size": vi_number(len(built.data)), "subject": built.content.subject})
    print(_("Tasks: %(total)s — completed %(done)s (%(share)s%%), carried out regularly %(recurring)s, on schedule "
            "%(on_track)s, behind %(behind)s, not started %(not_started)s, waiting for guidance %(waiting)s, "
            "no accepted report %(none)s.") % {
        "total": figures["tong_nhiem_vu"], "done": figures["hoan_thanh"], "share": figures["ty_le_hoan_thanh"],
        "recurring": figures["thuong_xuyen"], "on_track": figures["dung_tien_do"],
        "behind": figures["cham_tien_do"], "not_started": figures["chua_trien_khai"],
        "waiting": figures["cho_huong_dan"], "none": figures["chua_co_bao_cao"]})
    print(_("Reports: %(accepted)s accepted, %(delivered)s delivered of %(expected)s expected; %(missing)s bodies "
            "have reports not delivered.") % {
        "accepted": figures["bao_cao_da_chap_nhan"], "delivered": figures["bao_cao_da_nhan"],
        "expected": figures["bao_cao_phai_nop"], "missing": figures["co_quan_chua_bao_cao"]})
    return 0

