"""The upload form of the attachments step: one file for one attachment kind, checked by content."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .uploads import KIND_RULES, Accept, clean_upload, max_bytes_for

ACCEPT_ATTRIBUTE = {
    Accept.PDF: "application/pdf,.pdf",
    Accept.PDF_OR_IMAGE: "application/pdf,.pdf,image/jpeg,image/png,.jpg,.jpeg,.png",
    Accept.IMAGE: "image/jpeg,image/png,.jpg,.jpeg,.png",
}

HELP_TEXTS = {
    Accept.PDF: _("A PDF document, at most %(limit)s."),
    Accept.PDF_OR_IMAGE: _("A PDF document or a JPEG/PNG scan, at most %(limit)s."),
    Accept.IMAGE: _("A JPEG or PNG photo, at most %(limit)s. Location and camera data are removed."),
}


class AttachmentUploadForm(forms.Form):
    """`cleaned_data["file"]` is a proposals.uploads.CleanFile: the checked (and for images re-encoded) content."""

    # Not required at the field so that optional kinds carry no "required" mark; an empty POST is refused below.
    file = forms.FileField(label=_("File to upload"), required=False)

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, prefix=kind, **kwargs)
        accept = KIND_RULES[kind].accept
        field = self.fields["file"]
        field.help_text = HELP_TEXTS[accept] % {"limit": filesizeformat(max_bytes_for(kind))}
        field.widget.attrs["accept"] = ACCEPT_ATTRIBUTE[accept]
        field.widget.attrs["class"] = "form-control"

    def full_clean(self):
        super().full_clean()
        if self.errors.get("file"):
            # Django adds aria-invalid and describes the field by `<id>_helptext` and `<id>_error` (panel.html).
            self.fields["file"].widget.attrs["class"] = "form-control is-invalid"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Choose a file to upload."), code="required")
        return clean_upload(upload, kind=self.kind)
