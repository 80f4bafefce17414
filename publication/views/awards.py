"""Organizer pages of an edition's awards: the overview, prefill from the ranking, a group's Top N, named awards,
the public preview, publish and withdraw, revoke, disqualify and the national track. Thin views: forms validate,
publication.awards.services decide; dangerous actions confirm on GET and act on POST."""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions.enums import GroupKind
from competitions.models import Edition
from core.audit import logs_for
from core.exceptions import DomainError
from core.forms import OverrideOrderForm
from proposals.models import Proposal
from publication.awards import forms, queries, services
from publication.cycle.guards import publishing_missing
from publication.enums import SUGGESTED_EXTRA_AWARDS, AwardKind, AwardState, PublicationState
from publication.models import Award
from publication.views.results import site_url

AUDIT_LOG_LENGTH = 30
PK_SENTINEL = 987654321987  # stands for the pk in a URL reversed once for every row (pk_url)


def pk_url(name: str, year: int):
    """A function pk → the URL `name` of the edition `year` for that pk: reverse() once for a table's rows, the pk
    written in by string replacement (reversing per row was a large part of the awards pages' time)."""
    pattern = reverse(name, args=[year, PK_SENTINEL])
    return lambda pk: pattern.replace(str(PK_SENTINEL), str(pk))


class EditionAwardsMixin(PermissionRequiredMixin):
    """The edition of the URL (404 when missing), for organizers."""

    permission_required = "publication.manage_awards"
    page_title = ""

    @cached_property
    def edition(self) -> Edition:
        return get_object_or_404(Edition.objects.prefetch_related("groups"), year=self.kwargs["year"])

    @cached_property
    def publication(self):
        return queries.publication_of(self.edition)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", self.page_title)
        return super().get_context_data(edition=self.edition, publication=self.publication, **kwargs)

    def back(self):
        return redirect("publication:awards", year=self.edition.year)


class ServiceFormView(EditionAwardsMixin, FormView):
    """A confirm-on-GET, act-on-POST page whose form feeds one service; a DomainError shows on the form."""

    template_name = "publication/organizer/confirm.html"
    success_message = ""
    intro = ""
    danger = False
    submit_label = gettext_lazy("Confirm")

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(form)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, danger=self.danger, submit_label=self.submit_label, **kwargs)


class AwardsView(EditionAwardsMixin, TemplateView):
    """Every award of the edition by group, the decisions with their reasons, named awards, and what can be done
    next (prefill, edit, preview, publish or withdraw, revoke, national track), with the audit trail."""

    template_name = "publication/organizer/awards.html"

    def get_context_data(self, **kwargs):
        awards = list(queries.edition_awards(self.edition))
        decisions = queries.decisions_of(self.edition)
        groups = [
            {
                "group": group,
                "decision": decisions.get(group.kind),
                "places": [
                    a for a in awards if a.kind == AwardKind.RANKED and a.group == group.kind and not a.is_revoked
                ],
            }
            for group in self.edition.groups.all()
        ]
        year = self.edition.year
        revoke, remove = pk_url("publication:award_revoke", year), pk_url("publication:award_remove", year)
        track, disqualify = pk_url("publication:national_track", year), pk_url("publication:disqualify", year)
        for award in awards:
            award.revoke_url, award.remove_url = revoke(award.pk), remove(award.pk)
            award.track_url, award.disqualify_url = track(award.proposal_id), disqualify(award.proposal_id)
        publication = self.publication
        logs = list(logs_for(publication)[:AUDIT_LOG_LENGTH]) if publication.pk else []
        user = self.request.user
        return super().get_context_data(
            can_revoke=user.has_perm("publication.revoke_award"),
            can_track=user.has_perm("publication.record_national_track"),
            groups=groups,
            extras=[a for a in awards if a.kind != AwardKind.RANKED and not a.is_revoked],
            revoked=[a for a in awards if a.is_revoked],
            is_published=publication.state == PublicationState.PUBLISHED,
            has_awards=bool(awards),
            logs=logs,
            **kwargs,
        )


class PrefillView(ServiceFormView):
    form_class = forms.PrefillForm
    page_title = gettext_lazy("Prefill the awards from the final ranking")
    intro = gettext_lazy(
        "Each group's places are replaced by the first N entries of its final ranking (N = the group's number of "
        "winners). Named awards and nominations stay. Changes you made to the places are lost."
    )
    submit_label = gettext_lazy("Prefill from the ranking")

    def get_initial(self):
        return {"view": self.publication.ranking_view or "raw"}

    def act(self, form):
        places = services.prefill_awards(self.edition, actor=self.request.user, view=form.cleaned_data["view"])
        self.success_message = _("%(count)s places prefilled from the final ranking.") % {"count": len(places)}


def shown_from_ranking(winners_count: int) -> int:
    """How many of the ranking's first entries the group page shows: twice the number of winners, and at least ten
    beyond it (a group of 3 winners shows 13, one of 20 shows 40), so that the organizer sees the close runners-up
    the jury may prefer; any other entry is one search away."""
    return max(2 * winners_count, winners_count + 10)


SEARCH_LIMIT = 20  # entries a "Find another entry" search adds at most (refine the search to see others)
RANK_FIELD = re.compile(r"rank_([1-9]\d{0,11})")  # the form's field names: no leading zero


@dataclass(frozen=True)
class ShownRows:
    """What the group page shows: its rows' entries in order, the ids a POST placed that cannot hold a place, the
    ids the search found (and whether it found more than it adds), and (place, title) of the places that would be
    lost because their entry can no longer be awarded."""

    proposals: list[Proposal]
    refused: list[int]
    found: set[int]
    more_found: bool
    lost_places: list[tuple[int, str]]


class GroupAwardsView(EditionAwardsMixin, FormView):
    """A group's Top N: the entries that matter with their place (editable): the ranking's first rows
    (shown_from_ranking), every entry that holds a place, and those found with "Find another entry". A decision that
    departs from the ranking needs the reason field; an entry not shown has no place after saving, which is what the
    service does with any entry not chosen (the placed ones are always shown, so nothing is lost unseen)."""

    template_name = "publication/organizer/group.html"
    form_class = forms.GroupAwardsForm

    @cached_property
    def group(self):
        group = next((g for g in self.edition.groups.all() if g.kind == self.kwargs["group_kind"]), None)
        if group is None:
            raise Http404
        return group

    @cached_property
    def suggestion(self):
        """The ranking's first rows, and the positions of every other entry the page may show: the placed ones,
        those the POST places and the search's first matches (for display; decide_group_awards ranks again)."""
        first = shown_from_ranking(self.group.winners_count)
        others = list(dict.fromkeys([*self.current_ranks, *self.posted_ids]))
        matches = None
        if self.search:
            # The rows show the first SEARCH_LIMIT matches that are not shown anyway: among these many by title.
            matches = (
                self.awardable.filter(self.search_query)
                .order_by("title", "pk")
                .values("pk")[: first + len(others) + SEARCH_LIMIT + 1]
            )
        return queries.ranking_suggestion(
            self.edition,
            self.group.kind,
            view=self.publication.ranking_view or "raw",
            head=first,
            also=others,
            also_in=matches,
        )

    @property
    def search_query(self) -> Q:
        return Q(title__icontains=self.search) | Q(agency__name__icontains=self.search)

    @cached_property
    def current_ranks(self) -> dict[int, int]:
        return dict(
            Award.objects.filter(
                edition=self.edition, group=self.group.kind, kind=AwardKind.RANKED, state=AwardState.DRAFT
            )
            .order_by("rank")
            .values_list("proposal_id", "rank")
        )

    @cached_property
    def search_form(self) -> forms.FindEntryForm:
        return forms.FindEntryForm(self.request.GET or None)

    @cached_property
    def search(self) -> str:
        form = self.search_form
        return form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""

    @cached_property
    def posted_ids(self) -> list[int]:
        """Entries the POST gives a place to (rank_<id> with a value), shown or not when the page was loaded."""
        if self.request.method != "POST":
            return []
        return [
            int(match[1])
            for key, value in self.request.POST.items()
            if value.strip() and (match := RANK_FIELD.fullmatch(key))
        ]

    @cached_property
    def awardable(self):
        return queries.awardable_proposals(self.edition, group=self.group.kind)

    @cached_property
    def shown(self) -> ShownRows:
        """The rows: the ranking's first rows, then the placed entries, then any other entry the POST places, then
        the search's matches; one query whatever the size (two when the ranking is shorter than the first rows)."""
        first = shown_from_ranking(self.group.winners_count)
        top = self.suggestion.order[:first]
        if len(top) < first:  # a short ranking (or none yet): the unranked entries by title fill the first rows
            top += self.awardable.exclude(pk__in=self.suggestion.order).values_list("pk", flat=True)[: first - len(top)]
        wanted = list(dict.fromkeys([*top, *self.current_ranks, *self.posted_ids]))
        # One query: the wanted entries (those that are awardable), then the search's matches by title.
        query = Q(pk__in=wanted)
        if self.search:
            query |= self.search_query
        rows = list(
            self.awardable.filter(query)
            .annotate(wanted=Case(When(pk__in=wanted, then=Value(True)), default=Value(False)))
            .order_by("-wanted", "title", "pk")[: len(wanted) + SEARCH_LIMIT + 1]
        )
        loaded = {p.pk: p for p in rows if p.wanted}
        found = [p for p in rows if not p.wanted]
        # A place held by an entry that can no longer be awarded (screened again): said, not dropped unseen.
        lost = [pk for pk in self.current_ranks if pk not in loaded]
        return ShownRows(
            proposals=[loaded[pk] for pk in wanted if pk in loaded] + found[:SEARCH_LIMIT],
            refused=[pk for pk in self.posted_ids if pk not in loaded],
            found={p.pk for p in found[:SEARCH_LIMIT]},
            more_found=len(found) > SEARCH_LIMIT,
            lost_places=sorted(
                (self.current_ranks[pk], title)
                for pk, title in (Proposal.objects.filter(pk__in=lost).values_list("pk", "title") if lost else [])
            ),
        )

    def get_form_kwargs(self):
        candidates = [
            (proposal.pk, f"{proposal.title} — {proposal.agency.name}", self.current_ranks.get(proposal.pk))
            for proposal in self.shown.proposals
        ]
        return {
            **super().get_form_kwargs(),
            "candidates": candidates,
            "winners_count": self.group.winners_count,
            "refused": self.shown.refused,
        }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission() and self.publication.is_published:
            messages.error(request, _("The results are published: withdraw them before changing the awards."))
            return self.back()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.decide_group_awards(
                self.edition,
                group=self.group.kind,
                proposals=form.cleaned_data["chosen"],
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error("reason" if isinstance(error, services.ReasonRequired) else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Places of %(group)s saved.") % {"group": self.group.get_kind_display()})
        return self.back()

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        shown = self.shown
        positions = self.suggestion.positions
        suggested = set(self.suggestion.top(self.group.winners_count))
        disqualify = pk_url("publication:disqualify", self.edition.year)
        rows = [
            {
                "proposal": proposal,
                "field": form[name],
                "position": positions.get(proposal.pk),
                "score": self.suggestion.scores.get(proposal.pk),
                "suggested": proposal.pk in suggested,
                "placed": proposal.pk in self.current_ranks,
                "found": proposal.pk in shown.found,
                "disqualify_url": disqualify(proposal.pk),
            }
            for proposal, (_pk, name) in zip(shown.proposals, form.rank_fields, strict=True)
        ]
        search = self.search
        return super().get_context_data(
            group=self.group,
            group_label=GroupKind(self.group.kind).label,
            can_disqualify=self.request.user.has_perm("publication.revoke_award"),
            rows=rows,
            awardable_count=self.awardable.count(),
            search_form=self.search_form,
            search=search,
            found_count=len(shown.found),
            more_found=shown.more_found,
            lost_places=shown.lost_places,
            action=f"{self.request.path}?{urlencode({'q': search})}" if search else self.request.path,
            page_title=_("Places of %(group)s") % {"group": self.group.get_kind_display()},
            **{**kwargs, "form": form},  # FormMixin would otherwise build the form again
        )


class ExtraAwardView(EditionAwardsMixin, FormView):
    template_name = "publication/organizer/form_page.html"
    form_class = forms.ExtraAwardForm
    page_title = gettext_lazy("Add a named award or nomination")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposals": queries.awardable_proposals(self.edition)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.add_extra_award(
                self.edition,
                proposal=data["proposal"],
                title=data["title"],
                kind=data["kind"],
                reason=data["reason"],
                actor=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” added.") % {"title": data["title"]})
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(suggestions=SUGGESTED_EXTRA_AWARDS, **kwargs)


class AwardMixin(EditionAwardsMixin):
    """An award of the edition of the URL (404 for another edition's)."""

    @cached_property
    def award(self) -> Award:
        return get_object_or_404(
            Award.objects.select_related("proposal__agency"), pk=self.kwargs["pk"], edition=self.edition
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(award=self.award, **kwargs)


class AwardRemoveView(AwardMixin, ServiceFormView):
    form_class = forms.ConfirmForm
    page_title = gettext_lazy("Remove a draft award")
    intro = gettext_lazy("The award is deleted; it was never published, so no certificate refers to it.")
    submit_label = gettext_lazy("Remove")
    danger = True

    def act(self, form):
        services.remove_award(self.award, actor=self.request.user)
        self.success_message = _("Award removed.")


class PreviewView(EditionAwardsMixin, TemplateView):
    """The results page exactly as the public will see it after publishing (drafts shown as published)."""

    template_name = "publication/organizer/preview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=queries.preview_results(self.edition),
            preview=True,
            page_title=_("Preview of the public results"),
            **kwargs,
        )


class PublishView(ServiceFormView):
    """Publishing waits for the order of the cycle (cycle.guards.publishing_missing): the page lists what is missing,
    each with its page, and asks for a reason only when the organizer goes ahead anyway."""

    permission_required = "publication.publish_results"
    form_class = OverrideOrderForm
    page_title = gettext_lazy("Publish the results")
    intro = gettext_lazy(
        "The awards become public at once: the results page, certificates, verification and open data show them. "
        "Check the preview first."
    )
    submit_label = gettext_lazy("Publish the results")

    @cached_property
    def missing(self):
        return publishing_missing(self.edition)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.missing:
            del form.fields["override_reason"]
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=queries.preview_results(self.edition), preview=True, missing=self.missing, **kwargs
        )

    def act(self, form):
        services.publish_results(
            self.edition,
            actor=self.request.user,
            site_url=site_url(self.request),
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
        self.success_message = _("The results of %(edition)s are published.") % {"edition": self.edition}


class UnpublishView(ServiceFormView):
    permission_required = "publication.publish_results"
    form_class = forms.UnpublishForm
    page_title = gettext_lazy("Withdraw the results from publication")
    intro = gettext_lazy(
        "The public pages stop showing this edition's results and its certificates stop verifying until you publish "
        "again. Use it to correct a mistake."
    )
    submit_label = gettext_lazy("Withdraw the results")
    danger = True

    def act(self, form):
        services.unpublish_results(self.edition, actor=self.request.user, reason=form.cleaned_data["reason"])
        self.success_message = _("The results of %(edition)s are withdrawn.") % {"edition": self.edition}


class RevokeView(AwardMixin, ServiceFormView):
    permission_required = "publication.revoke_award"
    form_class = forms.RevokeForm
    page_title = gettext_lazy("Revoke an award")
    intro = gettext_lazy("The award leaves the winners; its certificate verifies as revoked from today.")
    submit_label = gettext_lazy("Revoke the award")
    danger = True

    def act(self, form):
        services.revoke_award(self.award, actor=self.request.user, reason=form.cleaned_data["reason"])
        self.success_message = _("Award revoked.")


class ProposalMixin(EditionAwardsMixin):
    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(
            Proposal.objects.select_related("agency", "edition"), pk=self.kwargs["pk"], edition=self.edition
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)


class DisqualifyView(ProposalMixin, ServiceFormView):
    permission_required = "publication.revoke_award"
    form_class = forms.DisqualifyForm
    page_title = gettext_lazy("Disqualify an entry")
    intro = gettext_lazy(
        "The entry can no longer receive an award; its published awards are revoked and its draft awards removed."
    )
    submit_label = gettext_lazy("Disqualify")
    danger = True

    def act(self, form):
        services.disqualify_entry(self.proposal, actor=self.request.user, reason=form.cleaned_data["reason"])
        self.success_message = _("“%(title)s” is disqualified.") % {"title": self.proposal.title}


class NationalTrackView(ProposalMixin, FormView):
    permission_required = "publication.record_national_track"
    template_name = "publication/organizer/form_page.html"
    form_class = forms.NationalTrackForm
    page_title = gettext_lazy("National competition (KIPP)")

    def get_initial(self):
        nomination = getattr(self.proposal, "national_nomination", None)
        if nomination is not None:
            return {"year": nomination.year, "outcome": nomination.outcome, "note": nomination.note}
        return {"year": services.first_national_year_after(self.edition.year)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.proposal}

    def form_valid(self, form):
        try:
            services.record_national_track(self.proposal, actor=self.request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("National track of “%(title)s” saved.") % {"title": self.proposal.title})
        return self.back()
