"""Public pages of the results: an edition's results, the archive, certificates, verification and open data.

They read only published data (publication.awards.queries), cached until the next publication change, so a page
costs the same few queries whatever the number of awards and none of it can leak a draft, a score or a judge.
"""

import csv
import io

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from competitions.models import Edition
from publication import caching
from publication.awards import queries
from publication.certificates.forms import VerifyForm
from publication.certificates.services import award_text_id, stored_certificate
from publication.certificates.tasks import store_certificate
from publication.models import normalize_code


def catalogue_url(proposal_id: int) -> str | None:
    """The innovation's page in the catalogue, when the catalogue offers one."""
    try:
        return reverse("publication:catalogue_detail", args=[proposal_id])
    except NoReverseMatch:
        return None


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class ResultsArchiveView(TemplateView):
    """Every edition with published results, newest first, with links to its results and open data."""

    template_name = "publication/public/archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(editions=queries.results_archive(), **kwargs)


class ResultsView(TemplateView):
    """An edition's published results: per group the winners in rank order, then named awards and nominations.
    Before publication the page says so (status 404) and shows nothing of the edition's entries."""

    template_name = "publication/public/results.html"
    not_published_template = "publication/public/not_published.html"

    def get(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        results = queries.edition_results(year)
        if results is None:
            known = Edition.objects.filter(year=year, is_public=True).exists()
            return self.response_class(
                request=request,
                template=[self.not_published_template],
                context={"year": year, "edition_known": known},
                using=self.template_engine,
                status=404,
            )
        return self.render_to_response(self.get_context_data(results=results, **caching.public_fragment(str(year))))


class CertificateView(View):
    """The PDF certificate of a published award, named after its edition and code. Revoked awards have none.

    The certificate is drawn by a task at publication and served from storage. If it is not stored yet, the task is
    asked for it and the page says it is being prepared (202, refreshing itself) until it is."""

    def get(self, request, code: str):
        award = queries.public_award_by_code(normalize_code(code))
        if award is None or award.is_revoked:
            raise Http404
        name = stored_certificate(award)
        # At most one drawing task per certificate a minute, however many visitors ask while it is pending.
        if name is None and cache.add(f"kovablik:certificate-pending:{award.code}", 1, 60):
            store_certificate.enqueue(award.code, site_url(request))
            name = stored_certificate(award)  # the immediate backend (development) has drawn it by now
        if name is None:
            response = render(request, "publication/public/certificate_pending.html", {"award": award}, status=202)
            response["Retry-After"] = "10"
            response["X-Robots-Tag"] = "noindex"
            return response
        with default_storage.open(name, "rb") as stored:
            response = HttpResponse(stored.read(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{award.certificate_name}"'
        response["X-Robots-Tag"] = "noindex"
        return response


class VerifyFormView(TemplateView):
    """A form to type the code printed on a certificate; sends the visitor to the code's page."""

    template_name = "publication/public/verify_form.html"

    def get(self, request, *args, **kwargs):
        form = VerifyForm(request.GET or None)
        if form.is_bound and form.is_valid():
            return redirect("publication:verify", code=form.cleaned_data["code"])
        return self.render_to_response(self.get_context_data(form=form))


class VerifyView(TemplateView):
    """Confirms who won what for a certificate's code (or that the award was revoked, and when). An unknown code,
    or one of an award that is not published, answers 404 with a page that says only that the code is unknown."""

    template_name = "publication/public/verify.html"

    def get(self, request, *args, **kwargs):
        code = normalize_code(self.kwargs["code"])
        award = queries.public_award_by_code(code) if code else None
        if award is None:
            return self.response_class(
                request=request,
                template=["publication/public/verify_unknown.html"],
                context={"form": VerifyForm()},
                using=self.template_engine,
                status=404,
            )
        if code != self.kwargs["code"]:
            return redirect("publication:verify", code=code)
        return self.render_to_response(
            self.get_context_data(award=award, award_text=award_text_id(award), link=catalogue_url(award.proposal_id))
        )


# --- Open data -------------------------------------------------------------------------------------------------------

OPEN_DATA_COLUMNS = (
    "year",
    "edition",
    "award_kind",
    "group",
    "rank",
    "award",
    "status",
    "innovation",
    "agency",
    "agency_kind",
    "region",
    "category",
    "published_on",
    "revoked_on",
    "national_year",
    "national_outcome",
    "verification_code",
    "innovator_name",
    "innovator_phone",
    "innovator_email",
)


def open_data_record(award: queries.PublicAward) -> dict:
    """One award as the open data gives it: stable codes (not translated labels) and ISO dates."""
    return {
        "year": award.edition_year,
        "edition": award.edition_number,
        "award_kind": award.kind,
        "group": award.group,
        "rank": award.rank,
        "award": award_text_id(award),
        "status": award.state,
        "innovation": award.proposal_title,
        "agency": award.agency_name,
        "agency_kind": award.agency_kind,
        "region": award.region_name,
        "category": award.category_name,
        "published_on": award.published_at.date().isoformat() if award.published_at else None,
        "revoked_on": award.revoked_at.date().isoformat() if award.revoked_at else None,
        "national_year": award.national.year if award.national else None,
        "national_outcome": award.national.outcome if award.national else None,
        "verification_code": award.code,
        # Empty unless the agency recorded the innovator's consent to be named publicly (UU 27/2022).
        "innovator_name": award.innovator_name,
        "innovator_phone": award.innovator_phone,
        "innovator_email": award.innovator_email,
    }


class OpenDataMixin:
    def awards(self) -> list[queries.PublicAward]:
        year = self.kwargs.get("year")
        if year is not None and queries.edition_results(year) is None:
            raise Http404
        return queries.open_data_awards(year)

    def file_stem(self) -> str:
        year = self.kwargs.get("year")
        return f"kovablik-hasil-{year}" if year else "kovablik-hasil-semua-tahun"


class OpenDataCsvView(OpenDataMixin, View):
    """The published results as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the accents)."""

    def get(self, request, year: int | None = None):
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=OPEN_DATA_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for award in self.awards():
            writer.writerow({key: "" if value is None else value for key, value in open_data_record(award).items()})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.file_stem()}.csv"'
        return response


class OpenDataJsonView(OpenDataMixin, View):
    """The published results as JSON: a list of awards with the same fields as the CSV."""

    def get(self, request, year: int | None = None):
        data = {
            "source": _("KOVABLIK Portal, Biro Organisasi, Sekretariat Daerah Provinsi Jawa Timur"),
            "columns": list(OPEN_DATA_COLUMNS),
            "awards": [open_data_record(award) for award in self.awards()],
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'inline; filename="{self.file_stem()}.json"'
        return response
