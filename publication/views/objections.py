"""The objection period (masa sanggah): the public finalists page and its objection form, and the organizers' pages
to announce the finalists, read the objections, answer them and download their evidence.

Thin views: forms validate (including the per-address hourly limit), publication.objections.services decides and writes.
"""

from pathlib import Path
from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Edition
from core.exceptions import DomainError
from core.order import OutOfOrder
from proposals.uploads import download_name
from publication import caching
from publication.catalogue.enums import ObjectionOutcome
from publication.catalogue.forms import ObjectionForm, PublishFinalistsForm, RespondForm
from publication.models import Finalist, FinalistList, Objection
from publication.objections import services as objections


def client_address(request) -> str:
    return get_client_ip_address(request) or ""


# --- Public ----------------------------------------------------------------------------------------------------------


class PublicFinalistsMixin:
    @cached_property
    def finalist_list(self) -> FinalistList:
        finalist_list = (
            FinalistList.objects.select_related("edition", "stage")
            .filter(edition__year=self.kwargs["year"], edition__is_public=True)
            .first()
        )
        if finalist_list is None:
            raise Http404
        return finalist_list

    def finalists_url(self) -> str:
        return reverse("publication:finalists", args=[self.finalist_list.edition.year])


class FinalistsView(PublicFinalistsMixin, TemplateView):
    """The announced finalists of an edition and, while the objection period runs, a link to object to each."""

    template_name = "publication/objections/finalists.html"

    def get_context_data(self, **kwargs):
        finalist_list = self.finalist_list
        is_open = finalist_list.accepts_objections()
        # The list never changes once announced; the rendered table is kept 10 minutes (so an agency renamed
        # meanwhile shows within that), per language and per state of the objection period.
        return super().get_context_data(
            finalist_list=finalist_list,
            edition=finalist_list.edition,
            finalists=objections.public_finalists(finalist_list),
            is_open=is_open,
            **caching.public_fragment(f"{finalist_list.pk}:{is_open}"),
            **kwargs,
        )


class ObjectionCreateView(PublicFinalistsMixin, FormView):
    """Anyone may object to a finalist while the period runs; afterwards the page says it is closed."""

    template_name = "publication/objections/objection_form.html"
    form_class = ObjectionForm

    @cached_property
    def finalist(self) -> Finalist:
        return get_object_or_404(
            Finalist.objects.select_related("proposal__agency"), pk=self.kwargs["pk"], finalist_list=self.finalist_list
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "address": client_address(self.request)}

    def get_context_data(self, **kwargs):
        finalist_list = self.finalist_list
        return super().get_context_data(
            finalist_list=finalist_list,
            edition=finalist_list.edition,
            finalist=self.finalist,
            is_open=finalist_list.accepts_objections(),
            # The empty form's fields show the same to everyone: rendered once per language (crispy-forms took
            # most of the page's time); a form sent back with errors is rendered each time.
            **caching.public_fragment("fields"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.finalist  # noqa: B018 - 404 before reading any upload
        if not self.finalist_list.accepts_objections():
            messages.error(request, _("The objection period is closed; objections are no longer accepted."))
            return redirect(self.finalists_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            objections.file_objection(
                self.finalist,
                name=data["name"],
                contact=data["contact"],
                reason=data["reason"],
                evidence=data.get("evidence"),
            )
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.finalists_url())
        objections.count_filing(client_address(self.request))
        messages.success(
            self.request,
            _("Your objection against “%(title)s” was received. The organizers will examine it and may contact you.")
            % {"title": self.finalist.proposal.title},
        )
        return redirect(self.finalists_url())


# --- Organizers ------------------------------------------------------------------------------------------------------


class ManageObjectionsMixin(PermissionRequiredMixin):
    """Organizers only; nothing is loaded before the permission is checked."""

    permission_required = "publication.manage_objections"

    def get_permission_object(self):
        return None


class EditionObjectionsMixin(ManageObjectionsMixin):
    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition, year=self.kwargs["year"])

    def objections_url(self) -> str:
        return reverse("publication:objections", args=[self.edition.year])


OBJECTIONS_PAGE_SIZE = 20
FINALISTS_PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A Paginator told its count (already read with other counts) instead of asking the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def rows_of_page(page, rows: QuerySet) -> list:
    """The full `rows` of a page of ids, in the page's order. Only the ids are sorted over the whole list; the wide
    rows (texts, joins to the proposals' large rows, counts) are read for one page, whatever the list's length."""
    ids = list(page.object_list)
    by_pk = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class ObjectionsView(EditionObjectionsMixin, TemplateView):
    """The edition's finalists list (or the way to announce it), its objections by page (awaiting a response first,
    filtered by outcome with ?state=) and the finalists by page (?fpage=) with their counts; each page link keeps the
    other list's filter and page."""

    template_name = "publication/objections/organizer.html"

    def get_context_data(self, **kwargs):
        edition = self.edition
        finalist_list = objections.finalist_list_of(edition)
        if finalist_list is None:
            return super().get_context_data(edition=edition, finalist_list=None, **kwargs)
        query = self.request.GET
        counts = objections.objection_counts(edition)
        state = query.get("state", "")
        if state not in ObjectionOutcome.values:
            state = ""
        objection_page = CountedPaginator(
            objections.objections_of(edition, outcome=state).values_list("pk", flat=True),
            OBJECTIONS_PAGE_SIZE,
            count=counts[state] if state else counts["total"],
        ).get_page(query.get("page"))
        finalist_page = CountedPaginator(
            objections.public_finalists(finalist_list).values_list("pk", flat=True),
            FINALISTS_PAGE_SIZE,
            count=Finalist.objects.filter(finalist_list=finalist_list).count(),
        ).get_page(query.get("fpage"))

        fpage = {"fpage": finalist_page.number} if finalist_page.number > 1 else {}
        kept_state = {"state": state} if state else {}
        return super().get_context_data(
            edition=edition,
            finalist_list=finalist_list,
            is_open=finalist_list.accepts_objections(),
            counts=counts,
            state=state,
            states=[
                {"value": "", "label": _("All"), "count": counts["total"], "query": urlencode(fpage)},
                *(
                    {
                        "value": value,
                        "label": label,
                        "count": counts[value],
                        "query": urlencode({"state": value, **fpage}),
                    }
                    for value, label in ObjectionOutcome.choices
                ),
            ],
            objection_page=objection_page,
            # Read by id alone: with the edition's filter too, SQLite walked every finalist's (large) proposal row.
            objections=rows_of_page(objection_page, objections.objection_rows()),
            objections_query=urlencode({**kept_state, **fpage}),
            finalist_page=finalist_page,
            finalists=rows_of_page(finalist_page, objections.finalists_with_counts(finalist_list)),
            finalist_count=finalist_page.paginator.count,
            finalists_query=urlencode(
                {**kept_state, **({"page": objection_page.number} if objection_page.number > 1 else {})}
            ),
            **kwargs,
        )


class PublishFinalistsView(EditionObjectionsMixin, FormView):
    """Choose the stage whose entries are the finalists and the length of the objection period, then publish."""

    template_name = "publication/objections/publish.html"
    form_class = PublishFinalistsForm

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and request.user.has_perm(self.permission_required)
            and FinalistList.objects.filter(edition__year=self.kwargs["year"]).exists()
        ):
            messages.info(request, _("The finalists of this edition are already announced."))
            return redirect("publication:objections", year=self.kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stages": objections.finalist_stages(self.edition)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(edition=self.edition, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            finalist_list = objections.publish_finalists(
                self.edition,
                stage=data["stage"],
                days=data["days"],
                announcement=data["announcement"],
                actor=self.request.user,
                override_reason=data["override_reason"],
            )
        except OutOfOrder as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form, missing=error.missing))
        except DomainError as error:
            messages.error(self.request, error.message)
            return redirect(self.objections_url())
        messages.success(
            self.request,
            _("The finalists are announced; objections are accepted until %(day)s (WIB).")
            % {"day": date_format(finalist_list.objections_close_on, "DATE_FORMAT")},
        )
        return redirect(self.objections_url())


class ObjectionMixin(ManageObjectionsMixin):
    @cached_property
    def objection(self) -> Objection:
        return get_object_or_404(
            Objection.objects.select_related("finalist__finalist_list__edition", "finalist__proposal__agency"),
            pk=self.kwargs["pk"],
        )


class RespondView(ObjectionMixin, FormView):
    """Record (or change) the organizers' response to one objection."""

    template_name = "publication/objections/respond.html"
    form_class = RespondForm

    def get_initial(self):
        objection = self.objection
        return {"outcome": "" if objection.is_pending else objection.outcome, "response": objection.response}

    def get_context_data(self, **kwargs):
        objection = self.objection
        return super().get_context_data(objection=objection, edition=objection.finalist.finalist_list.edition, **kwargs)

    def form_valid(self, form):
        objection = self.objection
        try:
            responded = objections.respond_to_objection(
                objection,
                outcome=form.cleaned_data["outcome"],
                response=form.cleaned_data["response"],
                actor=self.request.user,
            )
            objection.outcome = responded.outcome  # its place on the list follows its new outcome
        except DomainError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(self.request, _("The response was recorded."))
        page = objections.objection_position(objection) // OBJECTIONS_PAGE_SIZE + 1
        return redirect(
            reverse("publication:objections", args=[objection.finalist.finalist_list.edition.year])
            + (f"?page={page}" if page > 1 else "")
            + f"#objection-{objection.pk}"
        )


class EvidenceDownloadView(ObjectionMixin, View):
    """The objection's evidence file, for organizers only, always as a download the browser must not interpret."""

    def get(self, request, *args, **kwargs):
        objection = self.objection
        if not objection.evidence:
            raise Http404
        try:
            handle = objection.evidence.storage.open(objection.evidence.name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=download_name(objection.evidence_name or "evidence", Path(objection.evidence.name).suffix),
            content_type=objection.evidence_content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
