"""The portal's list titles: ``{% load portal %}``, then ``{{ notice.title|shorten }}`` (the
first 39 characters and …, when longer than 40) and ``{% if notice.title|is_long %}``."""

from django import template

register = template.Library()

LIST_TITLE_LENGTH = 40


@register.filter
def shorten(text: str, length: int = LIST_TITLE_LENGTH) -> str:
    """The title cut to ``length`` characters, the last being …, as the 新闻中心 lists show it.

    Not Django's truncatechars: its ellipsis is translated (three dots in Chinese).
    """
    text = str(text)
    return text if len(text) <= length else f"{text[: length - 1]}…"


@register.filter
def is_long(text: str, length: int = LIST_TITLE_LENGTH) -> bool:
    return len(str(text)) > length
