from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_SPONSOR": settings.SITE_SPONSOR,
        "SITE_ICP_NUMBER": settings.SITE_ICP_NUMBER,
        "SITE_GOV_CODE": settings.SITE_GOV_CODE,
        "SITE_PSB_NUMBER": settings.SITE_PSB_NUMBER,
    }
