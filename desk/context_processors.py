from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The default site name and sponsor, so that makemessages offers them for translation;
# a deployment that configures other names shows them as configured.
gettext_noop("社会工作试点管理平台")
gettext_noop("中华人民共和国民政部")


def _translated(name: str) -> str:
    return gettext(name) if name else name  # gettext("") is the catalogue's header


def site(request):
    return {
        "SITE_NAME": _translated(settings.SITE_NAME),
        "SITE_SPONSOR": _translated(settings.SITE_SPONSOR),
        "SITE_ICP_NUMBER": settings.SITE_ICP_NUMBER,
        "SITE_GOV_CODE": settings.SITE_GOV_CODE,
        "SITE_PSB_NUMBER": settings.SITE_PSB_NUMBER,
        # Contact lines for the portal footer; blank (omitted) until the settings exist.
        "SITE_CONTACT_ADDRESS": getattr(settings, "SITE_CONTACT_ADDRESS", ""),
        "SITE_CONTACT_PHONE": getattr(settings, "SITE_CONTACT_PHONE", ""),
        "SITE_CONTACT_EMAIL": getattr(settings, "SITE_CONTACT_EMAIL", ""),
    }
