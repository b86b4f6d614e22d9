"""The due list's decisions (dismiss, won't renew, snooze), posted from the admin's front page or its own page."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intl_office.reminders.decisions import DecisionForm, parse_item


def decide(request):
    """GET: the form for the items in ``?item=``; POST: records the decisions and returns to the front page."""
    if request.method == "POST":
        form = DecisionForm(request.POST, user=request.user)
        if form.is_valid():
            count, marked = form.save()
            messages.success(
                request, ngettext("%(count)d item decided.", "%(count)d items decided.", count) % {"count": count}
            )
            if marked:
                messages.info(
                    request,
                    ngettext("%(count)d agreement marked expired.", "%(count)d agreements marked expired.", marked)
                    % {"count": marked},
                )
            return redirect(reverse("admin:index"))
    else:
        form = DecisionForm(initial={"item": request.GET.getlist("item")}, user=request.user)
    tokens = request.POST.getlist("item") if request.method == "POST" else request.GET.getlist("item")
    items = []
    for token in tokens:
        parsed = parse_item(token)
        if parsed and parsed[0]:
            section, pk, due_on = parsed
            record = section.model._default_manager.filter(pk=pk).first()
            if record is not None:
                items.append({"token": token, "section": section, "name": section.describe(record), "due_on": due_on})
    context = {
        **admin.site.each_context(request),
        "title": _("Decide about items due"),
        "form": form,
        "items": items,
    }
    return TemplateResponse(request, "reminders/decide.html", context)
