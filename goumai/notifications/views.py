"""消息 pages: the inbox (mark read) and which messages come by e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from goumai.notifications import services
from goumai.notifications.models import EmailChoice, Kind


@login_required
def inbox_page(request):
    if request.method == "POST":
        if request.POST.get("form") == "email":
            services.set_email_choices(actor=request.user, wanted=request.POST.getlist("kinds"))
            messages.success(request, "邮件提醒设置已保存。")
        else:
            ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
            services.mark_read(actor=request.user, ids=ids or None)
        return redirect("notifications:inbox")
    off = set(EmailChoice.objects.filter(user=request.user).values_list("kind", flat=True))
    return render(
        request,
        "notifications/inbox.html",
        {
            "rows": services.inbox(actor=request.user)[:200],
            "kinds": [(k, label, k not in off) for k, label in Kind.choices],
            "has_email": bool(request.user.email),
        },
    )
