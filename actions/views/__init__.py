"""Workspace pages of Actions and activities: parse input, call one service, render.

Split by page family: `action_pages` (list, creation, the Action page, documents), `activities`,
`calendars` (month view and iCalendar feeds), `budgets` (an Action's budget, staff only), `results`
(indicators, the partner's evaluation and follow-up, translations, document publication); `common` holds
the access decorators and lookups.
"""
