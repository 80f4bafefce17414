"""Who may do what with awards and publication: each capability is named here once.

The public pages (results, archive, certificates, verification, open data) need no permission: they only ever read
published data (publication.awards.queries).
"""

import rules

from competitions.rules import is_agency_admin, is_organizer
from proposals.rules import register_published_attachment_check
from proposals.uploads import AttachmentKind
from publication.catalogue.queries import is_in_catalogue

rules.add_perm("publication.view_cockpit", is_organizer)
rules.add_perm("publication.manage_awards", is_organizer)
rules.add_perm("publication.publish_results", is_organizer)
rules.add_perm("publication.revoke_award", is_organizer)
rules.add_perm("publication.record_national_track", is_organizer)

# --- Catalogue, objection period and public cards (publication/catalogue/, publication/objections/) ---
# The catalogue, its statistics and the finalists page are public; their reads only ever return published data
# (publication.catalogue.queries). Card updates are scoped to the agency's own published innovations.
rules.add_perm("publication.manage_catalogue", is_organizer)
rules.add_perm("publication.manage_objections", is_organizer)
rules.add_perm("publication.update_catalogue_card", is_agency_admin)

# --- Personal data (publication/privacy/services.py): finding, exporting and erasing a person's data on request ---
rules.add_perm("publication.manage_personal_data", is_organizer)


def _is_public_photo(attachment) -> bool:
    return attachment.kind == AttachmentKind.PHOTO and is_in_catalogue(attachment.proposal_id)


# Photos of an innovation in the catalogue may be downloaded by anyone (its other files stay with its agency,
# organizers and judges).
register_published_attachment_check(_is_public_photo)

# Importing the writers registers the readable text of their audit codes.
from publication.catalogue import services as catalogue  # noqa: E402, F401
from publication.objections import services as objections  # noqa: E402, F401
from publication.privacy import services as privacy  # noqa: E402, F401
