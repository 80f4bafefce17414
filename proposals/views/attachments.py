"""Attachment pages: upload (or replace) a file on the attachments step, remove one, and the protected download.

Uploads and removals are steps of the proposal form (StepMixin): the proposal comes from the user's scope (404
outside it), agency members only, and only while the proposal is editable. Downloads are checked per attachment with
`proposals.view_attachment`; whoever may not see a file gets a 404, never a hint that it exists.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import DomainError

from ..attachments import attach_file, remove_attachment
from ..enums import FormStep
from ..forms_attachments import AttachmentUploadForm
from ..models import Attachment, TruthDeclaration
from ..uploads import kinds_for_group
from .agency import AttachmentsStepView, StepMixin


def step_url(proposal, kind: str = "") -> str:
    url = reverse("proposals:edit_step", args=[proposal.pk, FormStep.ATTACHMENTS])
    return f"{url}#attachment-{kind}" if kind else url


class AttachmentUploadView(AttachmentsStepView):
    """POST one file for one kind; a refused file re-renders the step with the reason next to its field."""

    def get(self, request, *args, **kwargs):
        return redirect(step_url(self.proposal))

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        kind = self.kwargs["kind"]
        if kind not in kinds_for_group(proposal.group):
            raise Http404
        form = AttachmentUploadForm(request.POST, request.FILES, kind=kind)
        if form.is_valid():
            try:
                attachment = attach_file(proposal, kind=kind, file=form.cleaned_data["file"], actor=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect(step_url(proposal))
            else:
                messages.success(
                    request,
                    _("%(name)s (%(size)s) was saved.")
                    % {"name": attachment.original_name, "size": filesizeformat(attachment.size)},
                )
                return redirect(step_url(proposal, kind))
        return self.render_to_response(self.get_context_data(upload_form=form))


class AttachmentDeleteView(StepMixin, TemplateView):
    """Confirm on GET, remove on POST."""

    step = FormStep.ATTACHMENTS
    template_name = "proposals/attachments/delete_confirm.html"

    @cached_property
    def attachment(self) -> Attachment:
        attachment = Attachment.objects.filter(pk=self.kwargs["attachment_pk"], proposal_id=self.proposal.pk).first()
        if attachment is None:
            raise Http404
        return attachment

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, attachment=self.attachment, **kwargs)

    def post(self, request, *args, **kwargs):
        attachment = self.attachment
        try:
            remove_attachment(attachment, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": attachment.original_name})
        return redirect(step_url(self.proposal, attachment.kind))


class AttachmentDownloadView(View):
    """Stream a file to whoever may see it, always as a download that the browser must not interpret."""

    def get(self, request, pk: int, attachment_pk: int):
        attachment = Attachment.objects.select_related("proposal").filter(pk=attachment_pk, proposal_id=pk).first()
        if attachment is None or not request.user.has_perm("proposals.view_attachment", attachment):
            raise Http404
        try:
            handle = attachment.file.storage.open(attachment.file.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return private_download(handle, filename=attachment.download_name, content_type=attachment.content_type)


def private_download(handle, *, filename: str, content_type: str) -> FileResponse:
    """A stored private file as a download that the browser must not interpret, nor any cache keep."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, nothing in it may run or load.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


class DeclarationDownloadView(View):
    """The signed truthfulness declaration (PDF) of a proposal, to whoever may see the proposal: its agency and
    the organizers who screen it. Voided declarations stay downloadable as history."""

    def get(self, request, pk: int, declaration_pk: int):
        declaration = (
            TruthDeclaration.objects.select_related("proposal").filter(pk=declaration_pk, proposal_id=pk).first()
        )
        if declaration is None or not request.user.has_perm("proposals.view_proposal", declaration.proposal):
            raise Http404
        try:
            handle = declaration.document.storage.open(declaration.document.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        return private_download(handle, filename=declaration.download_name, content_type="application/pdf")
