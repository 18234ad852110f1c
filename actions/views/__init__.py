"""Workspace pages of Actions and activities: parse input, call one service, render.

Split by page family: `action_pages` (list, creation, the Action page, documents), `activities`,
`calendars` (month view and iCalendar feeds); `common` holds the access decorators and lookups.
"""
