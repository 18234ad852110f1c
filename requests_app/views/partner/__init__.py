"""Partner-facing views: institutions, drafting, submitting, following a request.

Each view parses input, calls one service of `services.intake`, and renders. What a user may not see
answers 404. Split by page family: `institutions`, `drafting` (with the partner's dashboard),
`attachments`, `following` (after submission); `common` holds what they share.
"""
