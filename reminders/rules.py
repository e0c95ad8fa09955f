"""Who may read notices and choose which reminders to receive (built from `projects/rules.py`'s predicates)."""

import rules

from projects.rules import has_role

# One's own notices (the landing page's list, the count in the header, the notices page).
rules.add_perm("reminders.view_notices", has_role)
# One's own reminder settings: turning the optional reminders off, the language of the e-mails.
rules.add_perm("reminders.change_preferences", has_role)
