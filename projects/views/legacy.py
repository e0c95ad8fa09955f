"""Old project addresses by code alone (`/projects/04160000-6968/…`) lead to the newest fiscal year's project.

They live on in bookmarks, e-mails and printed pages. A GET is redirected permanently (301). Nothing is written
through them: a form posted to an old address was drawn for a project that may no longer be the newest year's,
and sending it on would change another year's project, so it is refused, saying what to do.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import View

from projects.links import project_url
from projects.selectors import newest_project_with_code
from tracker.errors import ExplainedNotFound


class LegacyProjectRedirectView(View):
    def dispatch(self, request, code: str, rest: str = ""):
        # A page drawn here (the Thai 404) names the site's pages by their own namespace, not this one's.
        request.current_app = "projects"
        project = newest_project_with_code(code=code, fiscal_year=request.GET.get("fiscal_year"))
        target = project_url("detail", project) + rest
        try:
            # Only to a real page: a made-up tail would otherwise come back here under the year's address.
            real = resolve(target).view_name not in ("projects-legacy:legacy", "projects-legacy:legacy-page")
        except Resolver404:
            real = False
        if not real:
            raise ExplainedNotFound(_("ไม่พบโครงการ"))
        query = request.META.get("QUERY_STRING", "")
        if query:
            target = f"{target}?{query}"
        if request.method not in ("GET", "HEAD"):
            raise ExplainedNotFound(
                _("ที่อยู่เดิมของโครงการใช้เปิดดูได้อย่างเดียว ไม่ได้บันทึกสิ่งที่ส่งมา กรุณาเปิดหน้าโครงการอีกครั้งแล้วบันทึกใหม่")
            )
        return HttpResponsePermanentRedirect(target)
