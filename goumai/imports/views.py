from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from goumai.core.errors import DomainError
from goumai.core.forms import UploadForm
from goumai.imports.kinds import DONE, KINDS
from goumai.imports.services import import_job_get, import_progress, import_submit


@login_required
def upload_page(request, kind: str, **params):
    """The upload form of one kind of import (the URL says which, and its county)."""
    spec = KINDS[kind]
    if not spec.may(request.user, **params):
        raise PermissionDenied()
    form = UploadForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count, job = import_submit(
                actor=request.user, kind=kind, upload=form.cleaned_data["file"], params=params
            )
        except DomainError as error:
            form.add_error(None, error.message)
            row_errors = error.fields.get("rows", [])
        else:
            if job is not None:
                return redirect("imports:job", job_id=job.pk)
            messages.success(request, DONE.format(n=count))
            return redirect(spec.back, **params)
    template_url = reverse(spec.template, kwargs=params) if spec.template else ""
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "row_errors": row_errors,
            "spec": spec,
            "template_url": template_url,
            "back_url": reverse(spec.back, kwargs=params),
        },
    )


@login_required
def job_page(request, job_id):
    """A background import: how far it has got, then its result. Polled while it runs."""
    job = import_job_get(actor=request.user, job_id=job_id)
    done, total = import_progress(job)
    spec = KINDS[job.kind]
    return render(
        request,
        "imports/job.html",
        {
            "job": job,
            "spec": spec,
            "done": done,
            "total": total,
            "back_url": reverse(spec.back, kwargs=job.params),
        },
    )
