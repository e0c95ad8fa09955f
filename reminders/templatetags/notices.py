"""`{% unread_notices as count %}`: the signed-in user's unread notices, for the header (one query)."""

from django import template

from reminders import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context) -> int:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("reminders.view_notices"):
        return 0
    return selectors.unread_count(user)


@register.simple_tag(takes_context=True)
def latest_unread_notices(context, limit: int = 5) -> list:
    """The newest unread notices with what they say, for the landing page."""
    from reminders.messages import sections

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("reminders.view_notices"):
        return []
    found = list(selectors.notices(user).filter(read_at__isnull=True)[:limit])
    return [(notice, sections([notice])[0]) for notice in found]
