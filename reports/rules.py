"""Who may evaluate, close and print: the quarterly evaluation's permissions, from the predicates of
`projects/rules.py` (where the roles and every project permission are described)."""

import rules

from projects.rules import has_role, is_planner, may_read_project, works_for_agency

# The planning office's pages: the quarter page and its roll-ups, the overdue list.
rules.add_perm("reports.view_quarter", is_planner)
# A project's quarterly score and comment (one or many at once).
rules.add_perm("reports.evaluate_project", is_planner)
# Indicator scores 2.1 and 2.2; agency staff enter only the indicators' results.
rules.add_perm("reports.score_kpi", is_planner)
rules.add_perm("reports.close_quarter", is_planner)
# The certified project form (object: the project) follows the project's read rule.
rules.add_perm("reports.print_form", may_read_project)
# Batch printing and the agency's quarterly summary (object: the agency, or None for the batch page).
rules.add_perm("reports.print_batch", has_role)
rules.add_perm("reports.print_agency", is_planner | (has_role & works_for_agency))
