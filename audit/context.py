"""Where the current request came from, for audit rows written far from the view.

Actions never take ``request``; the middleware puts the source address here for the length
of one request, and ``audit.record`` reads it.
"""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

source_address: ContextVar[str] = ContextVar("source_address", default="")


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting only as many X-Forwarded-For hops as we have proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
