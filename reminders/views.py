"""The user's notices (marked read when the page is opened) and their reminder settings."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from projects.views.access import PermissionRequiredMixin

from . import messages as reminder_messages
from . import selectors, services
from .forms import PreferenceForm


class NoticeListView(PermissionRequiredMixin, ListView):
    """Every notice of the user, newest first; those unread until now are marked new, then read."""

    permission_required = "reminders.view_notices"
    template_name = "reminders/notices.html"
    paginate_by = 30

    def get_queryset(self):
        return selectors.notices(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = list(context["object_list"])
        context["notices"] = [(notice, reminder_messages.sections([notice])[0]) for notice in shown]
        services.mark_read(user=self.request.user, ids=[n.pk for n in shown if n.read_at is None])
        return context


class PreferenceView(PermissionRequiredMixin, FormView):
    permission_required = "reminders.change_preferences"
    template_name = "reminders/settings.html"
    form_class = PreferenceForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": services.preference_of(self.request.user)}

    def form_valid(self, form):
        services.save_preference(
            user=self.request.user,
            optional_reminders=form.cleaned_data["optional_reminders"],
            language=form.cleaned_data["language"],
        )
        messages.success(self.request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return redirect(reverse("reminders:settings"))
