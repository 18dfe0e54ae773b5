from goumai.notifications.services import unread_count


def unread(request):
    """The header's 消息 badge: how many unread messages."""
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user) if user is not None else 0}
