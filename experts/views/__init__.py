"""Expert pages: parse input, call one service of `experts.services`, render.

Split by page family: `roster` (staff's roster and profiles), `own_pages` (the expert's own profile,
availability, data and dashboard), `deployments` (matching, deployments, invitation links, calendar
feed); `common` holds access helpers.
"""
