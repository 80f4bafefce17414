"""Who may do what with awards and publication: each capability is named here once.

The public pages (results, archive, certificates, verification, open data) need no permission: they only ever read
published data (publication.queries).
"""

import rules

from competitions.rules import is_organizer

rules.add_perm("publication.manage_awards", is_organizer)
rules.add_perm("publication.publish_results", is_organizer)
rules.add_perm("publication.revoke_award", is_organizer)
rules.add_perm("publication.record_national_track", is_organizer)
