"""Old project addresses by code alone (`/projects/04160000-6968/…`) lead to the newest fiscal year's project.

They live on in bookmarks, e-mails and printed pages. A GET is redirected permanently (301); another method is
sent on with its body (307), since which year is newest changes every October.
"""

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import View

from projects.links import project_url
from projects.selectors import newest_project_with_code


class LegacyProjectRedirectView(View):
    def dispatch(self, request, code: str, rest: str = ""):
        project = newest_project_with_code(code=code, fiscal_year=request.GET.get("fiscal_year"))
        target = project_url("detail", project) + rest
        try:
            # Only to a real page: a made-up tail would otherwise come back here under the year's address.
            real = resolve(target).view_name not in ("projects-legacy:legacy", "projects-legacy:legacy-page")
        except Resolver404:
            real = False
        if not real:
            raise Http404(_("ไม่พบโครงการ"))
        query = request.META.get("QUERY_STRING", "")
        if query:
            target = f"{target}?{query}"
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(target)
        response = HttpResponseRedirect(target)
        response.status_code = 307
        return response
