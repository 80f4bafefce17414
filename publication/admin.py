"""Read-mostly admin fallback: awards and publication change only through publication.awards.services (audited)."""

from django.contrib import admin

from publication.models import Award, AwardDecision, Disqualification, NationalNomination, Publication


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("edition", "state", "published_at", "published_by", "unpublished_at")
    list_filter = ("state",)


@admin.register(AwardDecision)
class AwardDecisionAdmin(ReadOnlyAdmin):
    list_display = ("edition", "group", "departs_from_ranking", "decided_at", "decided_by")
    list_filter = ("edition", "group", "departs_from_ranking")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("edition", "kind", "group", "rank", "title", "proposal", "state", "verification_code")
    list_filter = ("edition", "kind", "group", "state")
    search_fields = ("proposal__title", "proposal__agency__name", "verification_code", "title")
    list_select_related = ("edition", "proposal")


@admin.register(Disqualification)
class DisqualificationAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "disqualified_at", "disqualified_by")
    list_select_related = ("proposal",)


@admin.register(NationalNomination)
class NationalNominationAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "year", "outcome", "recorded_at")
    list_filter = ("year", "outcome")
    list_select_related = ("proposal",)
