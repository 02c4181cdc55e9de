"""The public portal: home, the four columns (通知公告 · 试点名单 · 示范名单 · 政策文件), the notice
page with its generated blank forms, and search. Anyone may read what is public; nothing here
needs an account."""

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from audit.context import client_ip
from portal.actions import count_view
from portal.caching import (
    PAGE_CACHE_SECONDS,
    VIEW_COUNT_PLACEHOLDER,
    cached_page,
    generation,
    is_cacheable,
)
from portal.models import Kind, Notice
from portal.views_lists import list_context
from programmes.models import ApplicantCategory

PAGE_SIZE = 20
HOME_CACHE_SECONDS = 60
BLANK_FORM_CACHE_SECONDS = 24 * 60 * 60
MAX_QUERY_LENGTH = 50

# The menu item (portal_base.html) of each column, and the column of each URL kind.
SECTIONS = {
    Kind.NOTICE: "notices",
    Kind.PILOT_LIST: "pilot",
    Kind.DEMO_LIST: "demo",
    Kind.POLICY: "policies",
}
LIST_KINDS = {"pilot": Kind.PILOT_LIST, "demo": Kind.DEMO_LIST}
EMPTY_TEXTS = {
    Kind.NOTICE: _("暂无通知公告。试点工作通知发布后将在此公告。"),
    Kind.PILOT_LIST: _("试点名单经评审确定后在此公布。"),
    Kind.DEMO_LIST: _("示范名单经验收评估后在此公布。"),
    Kind.POLICY: _("暂无政策文件。"),
}
LIST_FIELDS = ("pk", "kind", "title", "document_number", "published_at")

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def public_notices():
    """What the portal shows (see NoticeQuerySet.public)."""
    return Notice.objects.public()


# --------------------------------------------------------------------------- home


def home_cache_key(language: str) -> str:
    # With the portal's generation, like the notice and search pages: a new notice or list
    # shows at once; the minute's expiry covers notices that become public at a set time.
    return f"portal:home:{language}:{generation()}"


def home(request):
    """The portal's home page: the newest notices and the latest lists and policies.

    Anonymous visitors (most of the traffic when a notice goes out) get a copy rendered at
    most HOME_CACHE_SECONDS ago, one per language; signed-in users, visitors with a message
    waiting and URLs with a query string get a fresh page (portal/caching.py).
    """
    if not is_cacheable(request):
        return render(request, "portal/home.html", _home_context())
    return cached_page(
        request,
        home_cache_key(get_language()),
        lambda: ("portal/home.html", _home_context(), HOME_CACHE_SECONDS),
    )


def _home_context() -> dict:
    public = public_notices().only(*LIST_FIELDS)
    return {
        "section": "home",
        "notices": list(public.filter(kind=Kind.NOTICE)[:8]),
        "pilot_lists": list(public.filter(kind=Kind.PILOT_LIST)[:5]),
        "demo_lists": list(public.filter(kind=Kind.DEMO_LIST)[:5]),
        "policies": list(public.filter(kind=Kind.POLICY)[:5]),
    }


# --------------------------------------------------------------------------- columns


def notices(request):
    return _column(request, Kind.NOTICE)


def lists(request, kind: str):
    if kind not in LIST_KINDS:
        raise Http404
    return _column(request, LIST_KINDS[kind])


def policies(request):
    return _column(request, Kind.POLICY)


def _column(request, kind: Kind):
    """One line per item, newest first, PAGE_SIZE a page: two queries whatever the length."""
    items = public_notices().filter(kind=kind).only(*LIST_FIELDS)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/notice_list.html",
        {
            "page": page,
            "heading": Kind(kind).label,
            "empty_text": EMPTY_TEXTS[kind],
            "section": SECTIONS[kind],
        },
    )


# --------------------------------------------------------------------------- the notice page


def visitor_id(request) -> str:
    """Who is reading, for the view counter: a hash of address and browser (not stored)."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    return hashlib.sha256(f"{client_ip(request)}\n{agent}".encode()).hexdigest()[:32]


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for a notice's numbering)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{CN_DIGITS[tens] if tens > 1 else ''}十{CN_DIGITS[ones] if ones else ''}"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class Part:
    """A section of the notice body as printed: 一、指导思想, its paragraphs and, in the
    主要内容 section, the content areas as （一）title。text."""

    heading: str
    paragraphs: list[str]
    areas: list[tuple[str, str]] = field(default_factory=list)  # (（一）title。, text)


@dataclass
class Annex:
    label: str  # 附件1
    title: str
    links: list[tuple[str, str]]  # (DOCX, url)


def _parts(programme) -> list[Part]:
    areas = [
        (f"（{cn_number(n)}）{area.title.rstrip('。')}。", area.text)
        for n, area in enumerate(programme.content_areas.all(), start=1)
    ]
    parts = []
    for n, section in enumerate(programme.sections.all(), start=1):
        heading = section.heading
        if not heading.startswith(tuple(CN_DIGITS[1:] + "十")):
            heading = f"{cn_number(n)}、{heading}"
        part = Part(heading, paragraphs(section.body))
        if section.lists_content_areas:
            part.areas = areas
        parts.append(part)
    return parts


def _annexes(notice: Notice, categories: list[ApplicantCategory], attachments) -> list[Annex]:
    """附件N: the programme's blank forms, one per applicant category, then uploaded files."""
    annexes = []
    for n, category in enumerate(categories, start=1):
        links = [
            (fmt.upper(), reverse("portal:blank_form", args=[notice.pk, category.pk, fmt]))
            for fmt in FORMATS
        ]
        annexes.append(Annex(f"附件{n}", category.form.definition.title, links))
    for n, attachment in enumerate(attachments, start=len(annexes) + 1):
        url = reverse("portal:attachment", args=[notice.pk, attachment.pk])
        annexes.append(Annex(f"附件{n}", attachment.title, [("", url)]))
    return annexes


def notice(request, pk: int):
    """The notice page. Anonymous visitors get a copy rendered at most PAGE_CACHE_SECONDS
    ago (portal/caching.py) with the view count as it is now: two queries, one when the
    visit is not counted again."""
    if not is_cacheable(request):
        notice = get_object_or_404(public_notices().select_related("programme"), pk=pk)
        if count_view(notice, visitor=visitor_id(request)):
            notice.view_count += 1  # as the database now has it, without reading it back
        return notice_page(request, notice)
    views = public_notices().filter(pk=pk).values_list("view_count", flat=True).first()
    if views is None:
        raise Http404
    if count_view(Notice(pk=pk), visitor=visitor_id(request)):
        views += 1

    def render_notice():
        notice = get_object_or_404(public_notices().select_related("programme"), pk=pk)
        notice.view_count = VIEW_COUNT_PLACEHOLDER
        context = notice_context(notice)
        return "portal/notice_detail.html", context, _seconds_unchanged(context)

    key = f"portal:notice:{pk}:{get_language()}:{generation()}"
    return cached_page(request, key, render_notice, fill={VIEW_COUNT_PLACEHOLDER: str(views)})


def _seconds_unchanged(context: dict) -> int:
    """How long the page stays as rendered: PAGE_CACHE_SECONDS, or until a 公示 period
    opens or closes (its objection form appears or goes) if that comes sooner."""
    seconds = PAGE_CACHE_SECONDS
    if context.get("list_is_publicity"):
        now = timezone.now()
        for moment in (context["list_publicity_starts_at"], context["list_publicity_ends_at"]):
            if moment and moment > now:
                seconds = min(seconds, int((moment - now).total_seconds()))
    return seconds


def notice_page(request, notice: Notice, *, objection_form=None):
    """The notice page, rendered afresh (signed-in readers, an objection sent back)."""
    return render(
        request,
        "portal/notice_detail.html",
        notice_context(notice, objection_form=objection_form),
    )


def notice_context(notice: Notice, *, objection_form=None) -> dict:
    """What the notice page shows. A published list's notice (公示 or 名单) shows the list
    instead of its plain body, and the 公示 its objection form (portal/views_lists.py)."""
    public = public_notices()
    pk = notice.pk
    programme = notice.programme
    categories = list(programme.categories.select_related("form__definition")) if programme else []
    attachments = list(notice.attachments.all())
    at = notice.published_at
    titles = public.only("pk", "title")
    return {
        "notice": notice,
        "programme": programme,
        "parts": _parts(programme) if programme else [],
        "preamble": paragraphs(programme.preamble) if programme else [],
        "body": [] if programme else paragraphs(notice.body),
        "addressees": _addressees(programme.addressees) if programme else "",
        "annexes": _annexes(notice, categories, attachments),
        # Publication order across all columns; ties broken by id, as the lists do.
        "previous": titles.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
        .order_by("-published_at", "-pk")
        .first(),
        "next": titles.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk))
        .order_by("published_at", "pk")
        .first(),
        "section": SECTIONS[notice.kind],
        "in_section": True,
        "column_heading": Kind(notice.kind).label,
        "column_url": _column_url(notice.kind),
        **list_context(notice, objection_form=objection_form),
    }


def _addressees(text: str) -> str:
    text = " ".join(paragraphs(text))
    return text if text.endswith((":", "：")) else f"{text}："


def _column_url(kind: str) -> str:
    if kind == Kind.PILOT_LIST:
        return reverse("portal:lists", args=["pilot"])
    if kind == Kind.DEMO_LIST:
        return reverse("portal:lists", args=["demo"])
    if kind == Kind.POLICY:
        return reverse("portal:policies")
    return reverse("portal:notices")


def attachment(request, pk: int, attachment_pk: int):
    """An uploaded file of a public notice (uploaded files have no public URL of their own)."""
    notice = get_object_or_404(public_notices(), pk=pk)
    attachment = get_object_or_404(notice.attachments, pk=attachment_pk)
    suffix = PurePath(attachment.file.name).suffix
    content_type = (
        attachment.content_type
        or mimetypes.guess_type(attachment.file.name)[0]
        or "application/octet-stream"
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.title}{suffix}",
        content_type=content_type,
    )


def blank_form(request, pk: int, category_pk: int, fmt: str):
    """附件N as a blank DOCX or PDF, generated from the category's form and chain."""
    notice = get_object_or_404(public_notices().select_related("programme"), pk=pk)
    if notice.programme is None:
        raise Http404
    categories = list(notice.programme.categories.select_related("form__definition"))
    numbered = {category.pk: (n, category) for n, category in enumerate(categories, start=1)}
    if category_pk not in numbered:
        raise Http404
    number, category = numbered[category_pk]
    annex_label = f"附件{number}"
    content = blank_form_bytes(category, annex_label, fmt)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        True, f"{annex_label}-{category.form.definition.title}.{fmt}"
    )
    return response


def blank_form_bytes(category: ApplicantCategory, annex_label: str, fmt: str) -> bytes:
    """The generated file, cached by form version and chain.

    A version not yet used by an application may still be edited in place, so the key also
    carries a digest of what the document shows (title, fields): an edit makes a new key.
    """
    from programmes.documents import FormDocument, render_docx, render_pdf

    version = category.form
    fields = list(
        version.fields.values_list(
            "order", "key", "label", "field_type", "block", "row", "help_text", "choices"
        )
    )
    digest = hashlib.sha256(
        repr((version.definition.title, version.definition.applicant_label, fields)).encode()
    ).hexdigest()[:16]
    key = f"portal:blank:{fmt}:{version.pk}:{'-'.join(category.chain)}:{annex_label}:{digest}"
    content = cache.get(key)
    if content is None:
        document = FormDocument(version, list(category.chain), annex_label=annex_label)
        content = render_docx(document) if fmt == "docx" else render_pdf(document)
        cache.set(key, content, BLANK_FORM_CACHE_SECONDS)
    return content


# --------------------------------------------------------------------------- search


def search(request):
    """Public notices whose title, document number or text contains the words typed.

    Anonymous visitors get a copy rendered at most PAGE_CACHE_SECONDS ago, one per language,
    search and page (portal/caching.py): a term of two characters cannot use the trigram
    index, so each fresh search reads the text of every notice.
    """
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page_number = request.GET.get("page", "")

    def render_results():
        page = None
        if query:
            results = public_notices().search(query).only(*LIST_FIELDS)
            page = Paginator(results, PAGE_SIZE).get_page(page_number)
        return "portal/search.html", {"query": query, "page": page}, PAGE_CACHE_SECONDS

    if not is_cacheable(request, allowed_parameters=frozenset({"q", "page"})):
        template, context, _seconds = render_results()
        return render(request, template, context)
    # Paginator.get_page shows the first page for anything but a number.
    page_key = page_number if page_number.isdigit() and len(page_number) < 7 else "1"
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"portal:search:{get_language()}:{generation()}:{digest}:{page_key}"
    return cached_page(request, key, render_results)
