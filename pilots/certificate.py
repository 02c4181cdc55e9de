"""The certificate of a demonstration title (示范称号证书), as PDF.

A4 landscape, printed by WeasyPrint from pilots/templates/pilots/certificate.html: the title
in large official type (方正小标宋简体, falling back to Noto Serif CJK SC through the aliases of
shidian/fonts/fonts.conf, set up by ``programmes.documents._weasyprint``), the organisation's
name, the issuing body 中华人民共和国民政部, the date of the grant written 2026年11月26日 and the
certificate number. The page loads nothing from outside (no base URL) and all text is
escaped by the template.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from lib.dates import cn_date
from pilots.models import Designation
from programmes.documents import _weasyprint

ISSUER = "中华人民共和国民政部"


def certificate_html(designation: Designation) -> str:
    pilot = designation.pilot
    return render_to_string(
        "pilots/certificate.html",
        {
            "designation": designation,
            "organisation": pilot.organisation.name,
            "programme": pilot.programme.name,
            "title": designation.title,
            "issuer": ISSUER,
            "granted_on": cn_date(timezone.localtime(designation.granted_at).date()),
            "number": designation.certificate_number,
        },
    )


def render_certificate(designation: Designation) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=certificate_html(designation)).write_pdf()
