"""Evidence of a monthly report: the list, attaching files (with a progress bar from static/projects/evidence.js),
removing one, and downloading, which only those who may read the project can do.

No file is ever served from a public or guessable address: a download is answered here after the permission
check, by the app itself, by nginx through `X-Accel-Redirect` (`EVIDENCE_X_ACCEL_PREFIX`), or by a redirect
to a URL of the object store signed for a minute (`FILE_STORAGE=s3`).
"""

from itertools import zip_longest
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from projects import evidence as files
from projects.links import project_url
from projects.models import Evidence
from projects.services.evidence import FIELD, Upload, attach_files, refusal_reason, remove_evidence

from .editing import ProjectEditMixin, find_report


def evidence_context(request, report, errors=(), captions=()) -> dict:
    """What the evidence list and the upload form show, for the evidence page and the report edit page."""
    user = request.user
    shown = list(report.evidence.shown().select_related("uploaded_by"))
    may_add = user.has_perm("projects.add_evidence", report)
    why_not = None
    if not may_add and user.has_perm("projects.add_report", report.project):
        why_not = refusal_reason(user, report, "projects.add_evidence")
    return {
        "report": report,
        "evidence_list": shown,
        "may_add_evidence": may_add,
        "may_remove_evidence": user.has_perm("projects.remove_evidence", report),
        "why_no_evidence": why_not,
        "evidence_errors": list(errors),
        "evidence_captions": list(captions),
        "evidence_accept": files.ACCEPT,
        "evidence_max_files": settings.EVIDENCE_MAX_FILES,
        "evidence_max_size": files.format_size(settings.EVIDENCE_MAX_BYTES),
        "evidence_room_text": _("(แนบได้อีก %(room)s ไฟล์)")
        % {"room": max(settings.EVIDENCE_MAX_FILES - len(shown), 0)},
        "evidence_add_url": project_url("report-evidence-add", report.project, number=report.number),
    }


class ReportEvidenceMixin(ProjectEditMixin):
    """A page about one report's evidence; the permission is asked about the project first."""

    permission_required = "projects.view_project"

    def load(self):
        self.report = find_report(self.project, self.request, self.kwargs["number"])
        return self.report


class EvidenceListView(ReportEvidenceMixin, View):
    template_name = "projects/evidence/evidence_page.html"

    def get(self, request, *args, **kwargs):
        report = self.load()
        context = evidence_context(request, report) | {
            "project": self.project,
            "project_url": self.project.get_absolute_url(),
        }
        return render(request, self.template_name, context)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class EvidenceAddView(ReportEvidenceMixin, View):
    """POST only: the files (`file`, several) and a caption for each (`caption`, in the same order)."""

    permission_required = "projects.add_report"
    http_method_names = ["post"]

    def back(self):
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return project_url("report-evidence", self.project, number=self.report.number)

    def post(self, request, *args, **kwargs):
        report = self.load()
        chosen = request.FILES.getlist(FIELD)
        captions = request.POST.getlist("caption")
        uploads = [Upload(file, caption or "") for file, caption in zip_longest(chosen, captions) if file]
        try:
            stored = attach_files(report=report, uploads=uploads, user=request.user)
        except ValidationError as refused:
            errors = refused.message_dict.get(FIELD, refused.messages)
            if _wants_json(request):
                return JsonResponse({"ok": False, "errors": errors}, status=400)
            context = evidence_context(request, report, errors, captions) | {
                "project": self.project,
                "project_url": self.project.get_absolute_url(),
            }
            return render(request, EvidenceListView.template_name, context, status=400)
        message = ngettext(
            "แนบไฟล์หลักฐาน %(count)s ไฟล์กับรายงานครั้งที่ %(number)s แล้ว",
            "แนบไฟล์หลักฐาน %(count)s ไฟล์กับรายงานครั้งที่ %(number)s แล้ว",
            len(stored),
        ) % {"count": len(stored), "number": report.number}
        if _wants_json(request):
            context = evidence_context(request, report)
            html = render_to_string("projects/evidence/_list.html", context, request=request)
            return JsonResponse(
                {"ok": True, "message": message, "html": html, "room": context["evidence_room_text"]}
            )
        messages.success(request, message)
        return redirect(self.back())


class EvidenceRemoveView(ReportEvidenceMixin, View):
    permission_required = "projects.add_report"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.load()
        evidence = get_object_or_404(report.evidence.shown(), pk=kwargs["evidence_id"])
        try:
            remove_evidence(evidence=evidence, user=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("นำไฟล์ “%(name)s” ออกจากรายงานแล้ว") % {"name": evidence.name})
        return redirect(project_url("report-evidence", self.project, number=report.number))


def file_response(evidence: Evidence, *, thumbnail: bool = False) -> HttpResponse:
    """The stored file, as an attachment (a thumbnail is shown inline), after the caller checked permissions."""
    field = evidence.thumbnail if thumbnail else evidence.file
    if not field:
        raise Http404(_("ไม่พบไฟล์"))
    content_type = "image/jpeg" if thumbnail else evidence.content_type
    disposition = content_disposition_header(not thumbnail, evidence.name)
    if settings.FILE_STORAGE == "s3":
        url = field.storage.url(
            field.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        )
        response = HttpResponseRedirect(url)
    elif settings.EVIDENCE_X_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.EVIDENCE_X_ACCEL_PREFIX.rstrip("/") + "/" + quote(field.name)
        response["Content-Disposition"] = disposition
    else:
        response = FileResponse(field.open("rb"), content_type=content_type)
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    return response


class EvidenceFileView(ReportEvidenceMixin, View):
    """A file of a report, for those who may read the project (`projects.view_evidence`)."""

    thumbnail = False

    def get(self, request, *args, **kwargs):
        report = self.load()
        if not request.user.has_perm("projects.view_evidence", report):
            raise Http404
        evidence = get_object_or_404(report.evidence.shown(), pk=kwargs["evidence_id"])
        return file_response(evidence, thumbnail=self.thumbnail)


class EvidenceThumbnailView(EvidenceFileView):
    thumbnail = True
